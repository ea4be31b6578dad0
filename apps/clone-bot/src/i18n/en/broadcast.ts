/** `/broadcast` and its progress message. */
export const broadcast = {
  'broadcast.finished': '✅ Broadcast finished',
  'broadcast.cancelled': '🛑 Broadcast cancelled',
  'broadcast.paused': '⏸ Broadcast paused',
  'broadcast.pausedBecause': '⏸ Broadcast paused: {reason}',
  'broadcast.running': '📣 Broadcasting…',
  'broadcast.progress': 'Sent: {sent} / {total}\nBlocked the bot: {blocked}\nFailed: {failed}\nLeft: {pending}',
  'broadcast.cancelButton': 'Cancel',
  'broadcast.usage': 'Reply with /broadcast to the message you want to send to all users of this bot.',
  'broadcast.preparing': '📣 Preparing the broadcast…',
  'broadcast.noUsers': 'This bot has no users to send to yet.',
  'broadcast.startedTo': { one: '📣 Broadcasting to {count} user…', other: '📣 Broadcasting to {count} users…' },
  'broadcast.couldNotStart': 'Sorry, the broadcast could not start. Please try again in a minute.',
  'broadcast.cancelledToast': 'Broadcast cancelled.',
  'broadcast.alreadyOver': 'This broadcast is already over.',
} as const;
