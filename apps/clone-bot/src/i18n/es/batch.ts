import type { Translation } from '@motherbot/core';
import type { batch as en } from '../en/batch';

/** `/batch` … `/done` de subidas, y `/cancel`. */
export const batch: Translation<typeof en> = {
  'batch.alreadyOpen': {
    one: 'Ya hay un lote abierto con {count} archivo. Envía más archivos, /done para su enlace, o /cancel.',
    other: 'Ya hay un lote abierto con {count} archivos. Envía más archivos, /done para su enlace, o /cancel.',
  },
  'batch.started': 'Lote iniciado. Envíame los archivos (documentos, fotos, vídeos, audio, notas de voz, animaciones) y luego /done para un solo enlace a todos. /cancel descarta el lote.',
  'batch.noneOpen': 'No hay ningún lote abierto. Empieza uno con /batch.',
  'batch.empty': 'El lote está vacío: primero envía algunos archivos, o /cancel.',
  'batch.done': { one: '🔗 Lote de {count} archivo:\n{link}', other: '🔗 Lote de {count} archivos:\n{link}' },
  'batch.nothingToCancel': 'No hay nada que cancelar.',
  'batch.cancelled': 'Lote cancelado. Los archivos que enviaste conservan sus propios enlaces.',
  'batch.inputCancelled': 'Cancelado.',
};
