/** `/privacy` and `/forgetme`. Texts are HTML; names are escaped before they are filled in. */
export const privacy = {
  'privacy.title': '<b>What this bot stores about you</b>',
  'privacy.identity': '• your Telegram id {id}, first name “{firstName}”',
  'privacy.identityUsername': '• your Telegram id {id}, first name “{firstName}”, username @{username}',
  'privacy.seen': '• when you first and last used it: {first}, {last}',
  'privacy.nothingYet': '• nothing about you as a user yet',
  'privacy.deliveries': "• how many links you opened ({count}), for the owner's statistics; not which ones",
  'privacy.access':
    '• if the owner turned on link verification or a daily limit: until when you are verified and how many links you opened today (kept after /forgetme, so the limits keep working)',
  'privacy.language': '• the language you chose with /language, if you chose one',
  'privacy.use': 'The owner uses this to send you announcements and to count users. Send /forgetme to delete it.',
  'privacy.forgotten': 'Done: your user record and your link history are deleted. If you use this bot again, you will be recorded again.',
} as const;
