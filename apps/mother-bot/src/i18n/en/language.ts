/** `/language`: the menu of languages. */
export const language = {
  'language.prompt': 'Choose the language I write to you in. “Automatic” follows the language of your Telegram app.',
  'language.automatic': '🌐 Automatic (Telegram\'s language)',
  'language.saved': '✅ I will write to you in English from now on.',
  'language.stale': 'This button is not valid any more.',
} as const;
