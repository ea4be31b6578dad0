import type { Translation } from '@motherbot/core';
import type { batch as en } from '../en/batch';

/** अपलोड का `/batch` … `/done`, और `/cancel`। */
export const batch: Translation<typeof en> = {
  'batch.alreadyOpen': {
    one: '{count} फ़ाइल वाला एक बैच पहले से खुला है। और फ़ाइलें भेजें, लिंक के लिए /done, या /cancel।',
    other: '{count} फ़ाइलों वाला एक बैच पहले से खुला है। और फ़ाइलें भेजें, लिंक के लिए /done, या /cancel।',
  },
  'batch.started': 'बैच शुरू हुआ। मुझे फ़ाइलें भेजें (डॉक्यूमेंट, फ़ोटो, वीडियो, ऑडियो, वॉइस, एनिमेशन), फिर सबके एक लिंक के लिए /done। /cancel बैच को हटा देता है।',
  'batch.noneOpen': 'कोई बैच खुला नहीं है। /batch से एक शुरू करें।',
  'batch.empty': 'बैच ख़ाली है: पहले कुछ फ़ाइलें भेजें, या /cancel।',
  'batch.done': { one: '🔗 {count} फ़ाइल का बैच:\n{link}', other: '🔗 {count} फ़ाइलों का बैच:\n{link}' },
  'batch.nothingToCancel': 'रद्द करने के लिए कुछ नहीं है।',
  'batch.cancelled': 'बैच रद्द किया गया। आपकी भेजी फ़ाइलों के अपने लिंक बने रहेंगे।',
  'batch.inputCancelled': 'रद्द किया गया।',
};
