import type { Translation } from '@motherbot/core';
import type { albums as en } from '../en/albums';

export const albums: Translation<typeof en> = {
  'albums.link': {
    one: '🔗 Álbum de {count} archivo:\n{link}',
    other: '🔗 Álbum de {count} archivos:\n{link}',
  },
  'albums.failed': 'No pude guardar este álbum. Envíalo de nuevo, por favor.',
};
