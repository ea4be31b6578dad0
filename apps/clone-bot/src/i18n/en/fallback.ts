/** What nothing else handled. */
export const fallback = {
  'fallback.unknownCommand': 'I do not know that command. /help lists what I can do.',
  'fallback.managerHint': 'Send me a file to get its share link, or /help.',
  'fallback.userHint': 'Send me a share link to get its file, or /help.',
} as const;
