export const search = {
  'search.unavailable': 'इस बॉट में खोज उपलब्ध नहीं है।',
  'search.usage': '/search के बाद फ़ाइल के नाम के कुछ शब्द भेजें, जैसे /search छुट्टी फ़ोटो',
  'search.nothing': '“{query}” के लिए कुछ नहीं मिला।',
  'search.results': '🔍 <b>{query}</b> के परिणाम (पृष्ठ {page})',
  'search.tap': 'फ़ाइल पाने के लिए उस पर टैप करें।',
  'search.previous': '⬅️ पिछला',
  'search.next': 'अगला ➡️',
  'search.expired': 'यह खोज पुरानी हो गई है। कृपया फिर से खोजें।',
  'search.noMore': 'और परिणाम नहीं हैं।',
} as const;
