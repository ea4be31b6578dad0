/** `/privacy`: what the mother stores about you, and deleting it. */
export const privacy = {
  'privacy.title': '🔒 What I store about you',
  'privacy.user': '• Telegram id {id}, first name “{name}”{username}, language {language}, last seen {date}',
  'privacy.userUnknown': '• Telegram id {id}',
  'privacy.clones': '• Clones: {clones} — each with its encrypted token, subscription and its own database (your files and your bot\'s users)',
  'privacy.deletedClone': '{bot} (deleted)',
  'privacy.payments': '• Payments: {count} (kept for accounting and refunds)',
  'privacy.audit': '• Audit log entries of your actions: {count}',
  'privacy.conversation': '• A conversation in progress (e.g. the token wizard)',
  'privacy.languageChoice': '• The language you chose with /language: {language}',
  'privacy.explain': 'Deleting your data deletes your clones (their data is erased after the retention period) and your user record. Payments and the audit log are kept with your Telegram id only. Details: docs/privacy.md.',
  'privacy.deleteButton': '🗑 Delete my data',
  'privacy.confirm': 'Delete your data and all your clones? This cannot be undone after the retention period.',
  'privacy.yesDelete': '🗑 Yes, delete everything',
  'privacy.keep': 'Keep it',
  'privacy.nothingDeleted': 'Nothing was deleted.',
  'privacy.deletedDone': {
    one: 'Your data was deleted. {count} clone stopped and deleted; their data is erased in {days} days. If you write to me again, I will know your name again.',
    other: 'Your data was deleted. {count} clones stopped and deleted; their data is erased in {days} days. If you write to me again, I will know your name again.',
  },
} as const;
