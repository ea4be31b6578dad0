/** Texts several features share. */
export const common = {
  'language.name': 'English',
  'common.staleButton': 'This button is not valid any more.',
  'common.notYours': 'This button is not for you.',
  'common.failed': 'Something went wrong on our side. Please try again.',
  'common.tooFast': 'You are sending too fast. Wait a minute, please.',
  'common.slowDown': 'Slow down a little, please.',
  'common.back': '« Back',
  'common.cancel': 'Cancel',
  'common.cancelled': 'Cancelled.',
  'common.deleted': 'Deleted',
  'common.none': 'none',
  'menu.createClone': '➕ Create a clone',
  'menu.myClones': '🤖 My clones',
  'menu.backToClones': '« My clones',
} as const;
