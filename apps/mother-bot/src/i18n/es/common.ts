export const common = {
  'language.name': 'Español',
} as const;
