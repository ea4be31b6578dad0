import type { Translation } from '@motherbot/core';
import type { share as en } from '../en/share';

export const share: Translation<typeof en> = {
  'share.link': '🔗 <b>{name}</b>\n{link}',
  'share.storageWarning': '⚠️ No pude copiarlo al canal de almacenamiento ({reason}); se guarda con el identificador de archivo de este bot.',
  'share.linkUsage': 'Responde con /link a un mensaje que tenga un archivo (documento, foto, vídeo, audio, nota de voz o animación).',
  'share.deleteUsage': 'Uso: /delete <enlace o código>, p. ej. /delete https://t.me/{bot}?start=f_…',
  'share.deleteNone': 'No existe ese enlace (o ya se borró).',
  'share.deletedFile': 'Borrado. Quien abra ese enlace verá que el archivo ya no está disponible.',
  'share.deletedBatch': 'Borrado. Quien abra ese enlace de lote verá que los archivos ya no están disponibles.',
  'share.uploadNotAllowed': 'Solo el propietario de este bot puede subir archivos. Envíame un enlace para recibir un archivo.',
  'share.batchFull': 'Un lote admite como máximo {max} archivos. Envía /done para obtener su enlace.',
  'share.addedToBatch': 'Añadido al lote ({count}). Envía más, o /done para el enlace.',
};
