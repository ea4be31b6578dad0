import type { Translation } from '@motherbot/core';
import type { albums as en } from '../en/albums';

export const albums: Translation<typeof en> = {
  'albums.link': {
    one: '🔗 {count} फ़ाइल का एल्बम:\n{link}',
    other: '🔗 {count} फ़ाइलों का एल्बम:\n{link}',
  },
  'albums.failed': 'मैं यह एल्बम सहेज नहीं सका। कृपया इसे फिर से भेजें।',
};
