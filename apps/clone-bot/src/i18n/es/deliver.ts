import type { Translation } from '@motherbot/core';
import type { deliver as en } from '../en/deliver';

export const deliver: Translation<typeof en> = {
  'deliver.linkInvalid': 'Este enlace no es válido. Comprueba que lo copiaste completo.',
  'deliver.linkGone': 'Este archivo ya no está disponible: el propietario lo borró o el enlace nunca existió.',
  'deliver.failed': 'Lo siento, no pude enviar este archivo ahora. Inténtalo de nuevo más tarde.',
  'deliver.autoDeleteNotice': {
    one: '⏳ Este archivo se borrará en {delay}. Guarda lo que necesites antes.',
    other: '⏳ Estos {count} archivos se borrarán en {delay}. Guarda lo que necesites antes.',
  },
  'deliver.someMissing': {
    one: '⚠️ {count} de los {total} archivos no se pudo enviar ahora. Abre el enlace de nuevo más tarde para recibirlo.',
    other: '⚠️ {count} de los {total} archivos no se pudieron enviar ahora. Abre el enlace de nuevo más tarde para recibirlos.',
  },
  'deliver.channelButton': '📢 Nuestro canal',
  'deliver.shareButton': '📤 Compartir',
  'deliver.channelBelowAlbum': '📢 Más en nuestro canal:',
  'deliver.shareBelowAlbum': '📤 Comparte este enlace con tus amigos:',
};
