export const welcomeLocale = {
  'welcomeLocale.button': '🌐 भाषा के अनुसार स्वागत',
  'welcomeLocale.title': '🌐 <b>भाषा के अनुसार स्वागत</b>\nजिन उपयोगकर्ताओं की भाषा इनमें से एक है, उन्हें उसका संदेश मिलता है; बाक़ी सभी को मुख्य स्वागत संदेश मिलता है।',
  'welcomeLocale.line': '<b>{language}</b>: {text}',
  'welcomeLocale.unset': '<i>मुख्य स्वागत संदेश</i>',
  'welcomeLocale.edit': '✏️ {language}',
  'welcomeLocale.reset': '↩️ {language}',
  'welcomeLocale.prompt': '{language} उपयोगकर्ताओं के लिए स्वागत संदेश भेजें ({max} अक्षरों तक)। आप {first_name}, {last_name}, {full_name}, {username} और {id} इस्तेमाल कर सकते हैं। मौजूदा संदेश रखने के लिए /cancel।',
  'welcomeLocale.saved': '{language} के लिए सहेजा गया। पूर्वावलोकन:',
  'welcomeLocale.removed': 'हटा दिया गया: मुख्य स्वागत संदेश इस्तेमाल होगा।',
  'welcomeLocale.empty': 'स्वागत संदेश ख़ाली नहीं हो सकता।',
  'welcomeLocale.tooLong': 'यह {length} अक्षर हैं; सीमा {max} है।',
  'welcomeLocale.back': '⬅️ वापस',
} as const;
