import type { Translation } from '@motherbot/core';
import type { share as en } from '../en/share';

export const share: Translation<typeof en> = {
  'share.link': '🔗 <b>{name}</b>\n{link}',
  'share.storageWarning': '⚠️ मैं इसे स्टोरेज चैनल में कॉपी नहीं कर सका ({reason}); इसे इस बॉट की फ़ाइल आईडी से सहेजा गया है।',
  'share.linkUsage': 'किसी फ़ाइल वाले संदेश (दस्तावेज़, फ़ोटो, वीडियो, ऑडियो, वॉइस या एनिमेशन) के जवाब में /link भेजें।',
  'share.deleteUsage': 'उपयोग: /delete <लिंक या कोड>, जैसे /delete https://t.me/{bot}?start=f_…',
  'share.deleteNone': 'ऐसा कोई लिंक नहीं है (या वह पहले ही हटा दिया गया)।',
  'share.deletedFile': 'हटा दिया। अब जो भी वह लिंक खोलेगा उसे बताया जाएगा कि फ़ाइल उपलब्ध नहीं है।',
  'share.deletedBatch': 'हटा दिया। अब जो भी वह बैच लिंक खोलेगा उसे बताया जाएगा कि फ़ाइलें उपलब्ध नहीं हैं।',
  'share.uploadNotAllowed': 'केवल इस बॉट का मालिक फ़ाइलें अपलोड कर सकता है। फ़ाइल पाने के लिए मुझे शेयर लिंक भेजें।',
  'share.batchFull': 'एक बैच में अधिकतम {max} फ़ाइलें हो सकती हैं। उसका लिंक पाने के लिए /done भेजें।',
  'share.addedToBatch': 'बैच में जोड़ दिया ({count})। और भेजें, या लिंक के लिए /done भेजें।',
};
