import type { Translation } from '@motherbot/core';
import type { channelIndex as en } from '../en/channelIndex';

/** जुड़ा हुआ चैनल: सेटिंग, अपने-आप इंडेक्सिंग, /index रेंज और रेंज बैच। */
export const channelIndex: Translation<typeof en> = {
  'channelIndex.menuButton': '📥 इंडेक्स चैनल',
  'channelIndex.view.title': '📥 <b>इंडेक्स चैनल</b>',
  'channelIndex.view.about':
    'इस चैनल की फ़ाइल वाली नई पोस्ट अपने-आप सहेजी जाती हैं और अपलोड की तरह शेयर होती हैं (लिंक पाने के लिए कोई पोस्ट मुझे फ़ॉरवर्ड करें)। /index &lt;पहली पोस्ट का लिंक&gt; &lt;आख़िरी पोस्ट का लिंक&gt; पुरानी पोस्ट पढ़ता है; /batch &lt;पहली&gt; &lt;आख़िरी&gt; दो पोस्ट के बीच की हर फ़ाइल के लिए लिंक बनाता है। यह बॉट चैनल का एडमिनिस्ट्रेटर होना चाहिए।',
  'channelIndex.view.now': 'अभी: {channel}',
  'channelIndex.view.none': 'कोई नहीं',
  'channelIndex.button.set': 'चैनल जोड़ें',
  'channelIndex.button.off': 'हटाएँ',
  'channelIndex.button.back': '⬅️ वापस',
  'channelIndex.toast.off': 'चैनल हटा दिया गया।',
  'channelIndex.prompt': 'चैनल की कोई पोस्ट मुझे फ़ॉरवर्ड करें, या उसका @username या id भेजें (जैसे -1001234567890)। पहले इस बॉट को चैनल में एडमिनिस्ट्रेटर बनाएँ। रोकने के लिए /cancel।',
  'channelIndex.input.invalid': 'चैनल की कोई पोस्ट फ़ॉरवर्ड करें, या @channelname या उसकी id भेजें (जैसे -1001234567890)।',
  'channelIndex.input.notFound': 'Telegram को वह चैनल नहीं मिला ({reason})। @{bot} को उसमें एडमिनिस्ट्रेटर बनाएँ, फिर दोबारा भेजें।',
  'channelIndex.input.notChannel': 'यह चैनल नहीं है: सिर्फ़ चैनल ही फ़ाइल लाइब्रेरी बन सकता है।',
  'channelIndex.input.notAdmin':
    '@{bot} {channel} का एडमिनिस्ट्रेटर नहीं है। @{bot} को {channel} में एडमिनिस्ट्रेटर बनाएँ (चैनल → Administrators → Add administrator), फिर उसकी कोई पोस्ट फ़ॉरवर्ड करें या दोबारा भेजें।',
  'channelIndex.input.saved': '<b>{channel}</b> जुड़ गया। अब से फ़ाइल वाली नई पोस्ट इंडेक्स होंगी; पुरानी पोस्ट के लिए /index।',
  'channelIndex.noChannel': 'पहले कोई चैनल जोड़ें: /settings → 📥 इंडेक्स चैनल।',
  'channelIndex.usage': 'उपयोग: /index <पहली पोस्ट का लिंक> <आख़िरी पोस्ट का लिंक>, जैसे /index {first} {last}',
  'channelIndex.batchUsage': 'उपयोग: किसी रेंज की फ़ाइलों के लिए /batch <पहली पोस्ट का लिंक> <आख़िरी पोस्ट का लिंक>, या अपलोड जमा करने के लिए सिर्फ़ /batch।',
  'channelIndex.notPostLink': '"{link}" किसी पोस्ट का लिंक नहीं है। इसे पोस्ट से कॉपी करें (Copy link): यह https://t.me/channel/123 या https://t.me/c/1234567890/123 जैसा दिखता है।',
  'channelIndex.otherChannel': '{link} किसी दूसरे चैनल की पोस्ट है। {channel} (जुड़े हुए चैनल) के लिंक दें, या दूसरे चैनल को /settings में जोड़ें।',
  'channelIndex.reversed': 'पहली पोस्ट ({first}) आख़िरी पोस्ट ({last}) के बाद की है: पुरानी पोस्ट पहले दें।',
  'channelIndex.tooLarge': 'इस रेंज में {count} पोस्ट हैं; एक बार में ज़्यादा से ज़्यादा {max}। इसे छोटी रेंज में बाँटें।',
  'channelIndex.busy': 'एक इंडेक्सिंग पहले से चल रही है ({total} में से {done} पोस्ट पढ़ी गईं)। उसके ख़त्म होने तक रुकें, या /cancel करें।',
  'channelIndex.what.index': '{channel} इंडेक्स हो रहा है',
  'channelIndex.what.batch': '{channel} की फ़ाइलें जमा हो रही हैं',
  'channelIndex.progress': '📥 {what}…\n{total} में से {done} पोस्ट पढ़ी गईं',
  'channelIndex.counts': 'नई फ़ाइलें: {indexed} · पहले से सहेजी: {known} · बिना फ़ाइल: {skipped} · नहीं मिलीं: {missing}',
  'channelIndex.done': { one: '✅ {channel} की {count} पोस्ट पढ़ी गई।', other: '✅ {channel} की {count} पोस्ट पढ़ी गईं।' },
  'channelIndex.cancelled': '⏹ {total} में से {done} पोस्ट के बाद रद्द किया गया। जो पढ़ा गया वह इंडेक्स में रहेगा।',
  'channelIndex.failed': '⚠️ इंडेक्सिंग रुक गई: {reason}। जहाँ रुकी थी वहीं से आगे बढ़ाने के लिए वही कमांड फिर भेजें।',
  'channelIndex.button.cancel': '⏹ रद्द करें',
  'channelIndex.cancelling': 'रद्द किया जा रहा है…',
  'channelIndex.notRunning': 'कोई इंडेक्सिंग नहीं चल रही।',
  'channelIndex.batch.one': { one: '🔗 {channel} की {count} फ़ाइल के लिए एक लिंक:', other: '🔗 {channel} की {count} फ़ाइलों के लिए एक लिंक:' },
  'channelIndex.batch.parts': {
    one: '🔗 {channel} की {count} फ़ाइल, {parts} लिंक में (हर लिंक में ज़्यादा से ज़्यादा {max} फ़ाइलें):',
    other: '🔗 {channel} की {count} फ़ाइलें, {parts} लिंक में (हर लिंक में ज़्यादा से ज़्यादा {max} फ़ाइलें):',
  },
  'channelIndex.batch.empty': 'उन पोस्ट के बीच कोई फ़ाइल नहीं है: कोई लिंक नहीं बना।',
  'channelIndex.batch.openFirst': 'अपलोड का एक बैच खुला है: पहले उसे /done या /cancel करें।',
};
