export const language = {
  'language.prompt': 'वह भाषा चुनें जिसमें यह बॉट आपसे बात करे:',
  'language.automatic': '🌐 स्वचालित (Telegram की भाषा)',
  'language.saved': 'हो गया: अब मैं आपसे हिन्दी में बात करूँगा।',
  'language.stale': 'यह भाषा बटन अब मान्य नहीं है। /language फिर से भेजें।',
} as const;
