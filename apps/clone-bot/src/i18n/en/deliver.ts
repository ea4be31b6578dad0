/** Opening a share link: what a user is told, and the button under delivered files. */
export const deliver = {
  'deliver.linkInvalid': 'This link is not valid. Please check that you copied all of it.',
  'deliver.linkGone': 'This file is no longer available: the owner deleted it, or the link never existed.',
  'deliver.failed': 'Sorry, I could not send this file right now. Please try again later.',
  'deliver.autoDeleteNotice': {
    one: '⏳ This file will be deleted in {delay}. Save what you need before then.',
    other: '⏳ These {count} files will be deleted in {delay}. Save what you need before then.',
  },
  'deliver.someMissing': {
    one: '⚠️ {count} of the {total} files could not be sent right now. Open the link again later to get it.',
    other: '⚠️ {count} of the {total} files could not be sent right now. Open the link again later to get them.',
  },
  'deliver.channelButton': '📢 Our channel',
  'deliver.shareButton': '📤 Share',
  'deliver.channelBelowAlbum': '📢 More in our channel:',
  'deliver.shareBelowAlbum': '📤 Share this link with your friends:',
} as const;
