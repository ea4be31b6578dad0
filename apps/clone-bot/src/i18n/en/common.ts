/** Texts several features share. */
export const common = {
  'language.name': 'English',
} as const;
