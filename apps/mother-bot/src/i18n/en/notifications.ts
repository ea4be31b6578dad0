/** What the mother sends on its own: a clone went live or stopped, subscription reminders. */
export const notifications = {
  'notify.live': '🟢 @{bot} is live. Open it and send /start.',
  'notify.tokenConflict': '⚠️ @{bot} was stopped: another program is using its token. Revoke the token in @BotFather and send me the new one from “My clones”.',
  'notify.tokenRejected': '⚠️ @{bot} was stopped: Telegram no longer accepts its token (revoked?). Send me a new token from “My clones”.',
  'notify.crashLoop': '⚠️ @{bot} kept crashing and was stopped. The admins were told.',
  'notify.adminCrashLoop': { one: '🔴 Clone {cloneId} (@{bot}) crash-looped ({count} restart) and was stopped.', other: '🔴 Clone {cloneId} (@{bot}) crash-looped ({count} restarts) and was stopped.' },
  'reminder.ended': '⌛ The subscription of {bot} has ended ({date}). Renew to start it again.',
  'reminder.tomorrow': '⏰ The subscription of {bot} ends tomorrow ({date}). Renew to keep it online.',
  'reminder.inDays': { one: '⏰ The subscription of {bot} ends in {count} day ({date}). Renew to keep it online.', other: '⏰ The subscription of {bot} ends in {count} days ({date}). Renew to keep it online.' },
} as const;
