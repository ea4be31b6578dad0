export const language = {
  'language.prompt': 'Elige el idioma en el que este bot te habla:',
  'language.automatic': '🌐 Automático (el idioma de Telegram)',
  'language.saved': 'Hecho: te hablaré en español.',
  'language.stale': 'Este botón de idioma ya no es válido. Envía /language otra vez.',
} as const;
