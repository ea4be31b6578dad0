export const common = {
  'language.name': 'हिन्दी',
} as const;
