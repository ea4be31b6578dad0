/** Owner uploads, /link and /delete. */
export const share = {
  'share.link': '🔗 <b>{name}</b>\n{link}',
  'share.storageWarning': "⚠️ I could not copy it to the storage channel ({reason}); it is stored by this bot's file id instead.",
  'share.linkUsage': 'Reply with /link to a message that has a file (document, photo, video, audio, voice or animation).',
  'share.deleteUsage': 'Usage: /delete <link or code>, e.g. /delete https://t.me/{bot}?start=f_…',
  'share.deleteNone': 'There is no such link (or it was already deleted).',
  'share.deletedFile': 'Deleted. Anyone opening that link is now told the file is no longer available.',
  'share.deletedBatch': 'Deleted. Anyone opening that batch link is now told the files are no longer available.',
  'share.uploadNotAllowed': 'Only the owner of this bot can upload files. Send me a share link to get a file.',
  'share.batchFull': 'A batch holds at most {max} files. Send /done to get its link.',
  'share.addedToBatch': 'Added to the batch ({count}). Send more, or /done for the link.',
} as const;
