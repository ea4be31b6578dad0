/** Webhook mode in the admins' /health: the webhooks Telegram reports an error for. */
export const webhooks = {
  'webhooks.title': '<b>Webhooks</b>',
  'webhooks.allWell': '🟢 no webhook reports an error',
  'webhooks.mother': '🔴 mother bot: {pending} waiting, last error {date}: {message}',
  'webhooks.clone': '🔴 @{bot} (<code>{cloneId}</code>): {pending} waiting, last error {date}: {message}',
  'webhooks.more': { one: '… and {count} more clone', other: '… and {count} more clones' },
  'webhooks.unknown': 'unknown',
} as const;
