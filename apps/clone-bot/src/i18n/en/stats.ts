/** `/stats` (HTML). */
export const stats = {
  'stats.title': '📊 <b>Stats</b>',
  'stats.users': 'Users: <b>{users}</b> (blocked the bot: {blocked})',
  'stats.files': 'Files: <b>{files}</b> · Batches: <b>{batches}</b>',
  'stats.deliveries': 'Deliveries: <b>{deliveries}</b>',
  'stats.stars': {
    one: 'Stars earned: <b>{net} ⭐</b> ({count} premium sale, {refunded} ⭐ refunded)',
    other: 'Stars earned: <b>{net} ⭐</b> ({count} premium sales, {refunded} ⭐ refunded)',
  },
  'stats.topTitle': '<b>Top links</b>',
  'stats.topNone': 'none yet',
  'stats.topBatch': 'batch',
  'stats.topDeleted': 'deleted file',
  'stats.daysTitle': '<b>Last 7 days</b> (UTC: new users / deliveries)',
} as const;
