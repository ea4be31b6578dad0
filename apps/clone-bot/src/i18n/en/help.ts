/** `/help`: what the bot does, and the owner's commands for managers. */
export const help = {
  'help.user':
    'Open a share link to get its file.\n/premium: become premium (files without verification or limits), when the owner sells it\n/search <words>: find files by name (when the owner turned search on)\n/language: choose the language I speak to you in\n/privacy: what this bot stores about you, and how to delete it',
  'help.owner': [
    'Owner commands:',
    'Send a file (document, photo, video, audio, voice, animation): get its share link',
    '/batch, send files, /done: one link for several files (/cancel drops it)',
    '/link: reply to a file message to get a link for it',
    '/delete <link or code>: stop a link from working',
    '/settings: welcome text (also per language), force-subscribe, protect content, auto-delete, search, storage channel, clone admins',
    '/stats: users, files, deliveries, Stars earned',
    '/premium_grant <user id> <days>, /premium_revoke <user id>, /premium_refund <receipt id>: premium by hand (offers: /settings → Premium)',
    '/broadcast: reply to a message to send it to all users',
    '/search <words>: search your files',
  ].join('\n'),
} as const;
