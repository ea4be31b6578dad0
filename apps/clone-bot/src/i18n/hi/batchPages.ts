import type { Translation } from '@motherbot/core';
import type { batchPages as en } from '../en/batchPages';

export const batchPages: Translation<typeof en> = {
  'batchPages.status': 'फ़ाइलें {from}–{to}, कुल {total} में से।',
  'batchPages.last': 'फ़ाइलें {from}–{to}, कुल {total} में से: यह आख़िरी पेज था।',
  'batchPages.next': { one: '⬇️ अगली {count} फ़ाइल भेजें', other: '⬇️ अगली {count} फ़ाइलें भेजें' },
  'batchPages.openAgain': 'यह बटन आपके लिए मान्य नहीं है (या इसकी समय-सीमा ख़त्म हो गई है)। ये फ़ाइलें पाने के लिए लिंक फिर से खोलें।',
};
