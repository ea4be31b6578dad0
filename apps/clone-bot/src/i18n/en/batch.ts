/** `/batch` … `/done` of uploads, and `/cancel`. */
export const batch = {
  'batch.alreadyOpen': {
    one: 'A batch is already open with {count} file. Send more files, /done for its link, or /cancel.',
    other: 'A batch is already open with {count} files. Send more files, /done for its link, or /cancel.',
  },
  'batch.started': 'Batch started. Send me the files (documents, photos, videos, audio, voice, animations), then /done for one link to all of them. /cancel drops the batch.',
  'batch.noneOpen': 'No batch is open. Start one with /batch.',
  'batch.empty': 'The batch is empty: send some files first, or /cancel.',
  'batch.done': { one: '🔗 Batch of {count} file:\n{link}', other: '🔗 Batch of {count} files:\n{link}' },
  'batch.nothingToCancel': 'Nothing to cancel.',
  'batch.cancelled': 'Batch cancelled. The files you sent keep their own links.',
  'batch.inputCancelled': 'Cancelled.',
} as const;
