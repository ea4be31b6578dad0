/** An album the owner uploads: one link for all of its files. */
export const albums = {
  'albums.link': {
    one: '🔗 Album of {count} file:\n{link}',
    other: '🔗 Album of {count} files:\n{link}',
  },
  'albums.failed': 'I could not store this album. Please send it again.',
} as const;
