import type { Translation } from '@motherbot/core';
import type { batchPages as en } from '../en/batchPages';

export const batchPages: Translation<typeof en> = {
  'batchPages.status': 'Archivos {from}–{to} de {total}.',
  'batchPages.last': 'Archivos {from}–{to} de {total}: esta era la última página.',
  'batchPages.next': { one: '⬇️ Enviar {count} archivo más', other: '⬇️ Enviar los {count} siguientes' },
  'batchPages.openAgain': 'Este botón no es válido para ti (o ha caducado). Abre el enlace de nuevo para recibir estos archivos.',
};
