export const language = {
  'language.prompt': 'वह भाषा चुनें जिसमें मैं आपको लिखूँ। “स्वचालित” आपके Telegram ऐप की भाषा के अनुसार चलता है।',
  'language.automatic': '🌐 स्वचालित (Telegram की भाषा)',
  'language.saved': '✅ अब से मैं आपको हिन्दी में लिखूँगा।',
  'language.stale': 'यह बटन अब मान्य नहीं है।',
} as const;
