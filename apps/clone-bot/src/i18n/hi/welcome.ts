import type { Translation } from '@motherbot/core';
import type { welcome as en } from '../en/welcome';

export const welcome: Translation<typeof en> = {
  'welcome.fallback': 'नमस्ते!',
  'welcome.back': '⬅️ वापस',
  'welcome.settingsButton': '⚙️ सेटिंग्स',
  'welcome.prompt': 'मुझे नया स्वागत संदेश भेजें ({max} अक्षरों तक)। आपकी फ़ॉर्मैटिंग बनी रहती है: बोल्ड, इटैलिक, अंडरलाइन, स्ट्राइकथ्रू, स्पॉइलर, कोड, लिंक, उद्धरण। आप {first_name}, {last_name}, {full_name}, {username} और {id} का उपयोग कर सकते हैं। मौजूदा संदेश रखने के लिए /cancel।',
  'welcome.empty': 'संदेश खाली नहीं हो सकता।',
  'welcome.tooLong': 'नाम भरने के बाद यह संदेश {length} अक्षरों तक पहुँच सकता है; सीमा {max} है।',
  'welcome.preview': '👀 <b>पूर्वावलोकन</b>, जैसा {name} को दिखेगा। इसे उपयोग करने के लिए "सहेजें" दबाएँ।',
  'welcome.save': '✅ सहेजें',
  'welcome.cancel': '✖️ रद्द करें',
  'welcome.saved': 'सहेज लिया।',
  'welcome.cancelled': 'सहेजा नहीं गया: मौजूदा संदेश बना रहेगा।',
  'welcome.noDraft': 'सहेजने के लिए कुछ नहीं है: संदेश फिर से भेजें।',
  'welcome.view': '✏️ <b>स्वागत</b>\n\n{text}\n\nफ़ोटो: {photo}\nप्लेसहोल्डर: {first_name} {last_name} {full_name} {username} {id}',
  'welcome.photoOn': 'हाँ',
  'welcome.photoOff': 'कोई नहीं',
  'welcome.edit': 'संदेश बदलें',
  'welcome.reset': 'डिफ़ॉल्ट पर लौटाएँ',
  'welcome.resetDone': 'स्वागत संदेश डिफ़ॉल्ट पर लौटा दिया गया।',
  'welcome.photoButton': '🖼 फ़ोटो लगाएँ',
  'welcome.photoRemove': 'फ़ोटो हटाएँ',
  'welcome.photoRemoved': 'फ़ोटो हटा दी गई।',
  'welcome.photoPrompt': 'स्वागत के साथ दिखाने के लिए फ़ोटो भेजें (फ़ोटो के रूप में, फ़ाइल के रूप में नहीं)। रोकने के लिए /cancel।',
  'welcome.photoSaved': 'सहेज लिया: अब स्वागत इस फ़ोटो के साथ आता है।',
  'welcome.photoNeeded': 'यह फ़ोटो नहीं है। फ़ोटो भेजें, या /cancel।',
};
