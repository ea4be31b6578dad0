/** `/language`: the user's choice of language. */
export const language = {
  'language.prompt': 'Choose the language this bot speaks to you in:',
  'language.automatic': "🌐 Automatic (Telegram's language)",
  'language.saved': 'Done: I will speak English to you.',
  'language.stale': 'This language button is no longer valid. Send /language again.',
} as const;
