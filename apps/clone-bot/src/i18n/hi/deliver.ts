import type { Translation } from '@motherbot/core';
import type { deliver as en } from '../en/deliver';

export const deliver: Translation<typeof en> = {
  'deliver.linkInvalid': 'यह लिंक मान्य नहीं है। कृपया जाँचें कि आपने पूरा लिंक कॉपी किया है।',
  'deliver.linkGone': 'यह फ़ाइल अब उपलब्ध नहीं है: मालिक ने इसे हटा दिया, या यह लिंक कभी था ही नहीं।',
  'deliver.failed': 'माफ़ कीजिए, मैं अभी यह फ़ाइल नहीं भेज सका। कृपया बाद में फिर से कोशिश करें।',
  'deliver.autoDeleteNotice': {
    one: '⏳ यह फ़ाइल {delay} में हटा दी जाएगी। उससे पहले जो चाहिए उसे सहेज लें।',
    other: '⏳ ये {count} फ़ाइलें {delay} में हटा दी जाएँगी। उससे पहले जो चाहिए उसे सहेज लें।',
  },
  'deliver.someMissing': {
    one: '⚠️ {total} में से {count} फ़ाइल अभी नहीं भेजी जा सकी। उसे पाने के लिए थोड़ी देर बाद लिंक फिर से खोलें।',
    other: '⚠️ {total} में से {count} फ़ाइलें अभी नहीं भेजी जा सकीं। उन्हें पाने के लिए थोड़ी देर बाद लिंक फिर से खोलें।',
  },
  'deliver.channelButton': '📢 हमारा चैनल',
  'deliver.shareButton': '📤 शेयर करें',
  'deliver.channelBelowAlbum': '📢 हमारे चैनल पर और भी:',
  'deliver.shareBelowAlbum': '📤 यह लिंक अपने दोस्तों के साथ शेयर करें:',
};
