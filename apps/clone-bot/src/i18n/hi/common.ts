export const common = {
  'language.name': 'हिन्दी',
  'common.notAllowed': 'यह सिर्फ़ इस बॉट का मालिक कर सकता है।',
  'common.staleButton': 'यह बटन अब मान्य नहीं है।',
  'common.tooFast': 'आप बहुत तेज़ी से भेज रहे हैं। कृपया एक मिनट रुककर फिर कोशिश करें।',
  'common.paymentCheckFailed': 'हम अभी इस भुगतान की जाँच नहीं कर सके। कोई शुल्क नहीं लिया गया; कृपया एक मिनट बाद फिर कोशिश करें।',
  'common.fileDeletedAsPlanned': '🗑 फ़ाइल तय समय पर हटा दी गई। उसे फिर पाने के लिए लिंक दोबारा खोलें।',
} as const;
