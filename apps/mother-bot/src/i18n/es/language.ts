export const language = {
  'language.prompt': 'Elige el idioma en el que te escribo. «Automático» sigue el idioma de tu aplicación de Telegram.',
  'language.automatic': '🌐 Automático (idioma de Telegram)',
  'language.saved': '✅ A partir de ahora te escribiré en español.',
  'language.stale': 'Este botón ya no es válido.',
} as const;
