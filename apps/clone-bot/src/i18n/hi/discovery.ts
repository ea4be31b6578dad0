import type { Translation } from '@motherbot/core';
import type { discovery as en } from '../en/discovery';

export const discovery: Translation<typeof en> = {
  'discovery.recent': '🆕 नई',
  'discovery.popular': '🔥 लोकप्रिय',
  'discovery.random': '🎲 कोई भी',
  'discovery.recentTitle': '🆕 <b>नई फ़ाइलें</b>\nफ़ाइल पाने के लिए उस पर टैप करें।',
  'discovery.popularTitle': '🔥 <b>लोकप्रिय फ़ाइलें</b>\nफ़ाइल पाने के लिए उस पर टैप करें।',
  'discovery.empty': 'अभी दिखाने के लिए कोई फ़ाइल नहीं है।',
  'discovery.off': 'यह बटन बंद है।',
  'discovery.view': '🧭 <b>खोज बटन</b>\nस्वागत के नीचे बटन जो उपयोगकर्ताओं को फ़ाइलें ढूँढने में मदद करते हैं। हटाई गई फ़ाइलें कभी नहीं दिखतीं।\n\n🆕 नई: {recent}\n🔥 लोकप्रिय: {popular}\n🎲 कोई भी: {random}',
  'discovery.on': 'चालू',
  'discovery.offState': 'बंद',
  'discovery.button': '🧭 खोज बटन',
};
