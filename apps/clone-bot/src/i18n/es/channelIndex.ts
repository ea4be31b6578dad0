import type { Translation } from '@motherbot/core';
import type { channelIndex as en } from '../en/channelIndex';

/** El canal conectado: ajustes, indexado automático, rangos de /index y lotes por rango. */
export const channelIndex: Translation<typeof en> = {
  'channelIndex.menuButton': '📥 Canal indexado',
  'channelIndex.view.title': '📥 <b>Canal indexado</b>',
  'channelIndex.view.about':
    'Las publicaciones nuevas con un archivo en este canal se guardan solas y se comparten como las subidas (reenvíame una publicación para obtener su enlace). /index &lt;enlace de la primera publicación&gt; &lt;enlace de la última&gt; lee publicaciones anteriores; /batch &lt;primera&gt; &lt;última&gt; crea enlaces para todos los archivos entre dos publicaciones. Este bot debe ser administrador del canal.',
  'channelIndex.view.now': 'Ahora: {channel}',
  'channelIndex.view.none': 'ninguno',
  'channelIndex.button.set': 'Conectar canal',
  'channelIndex.button.off': 'Desconectar',
  'channelIndex.button.back': '⬅️ Atrás',
  'channelIndex.toast.off': 'Canal desconectado.',
  'channelIndex.prompt': 'Reenvíame una publicación del canal, o envía su @usuario o su id (como -1001234567890). Antes, añade este bot al canal como administrador. /cancel para parar.',
  'channelIndex.input.invalid': 'Reenvía una publicación del canal, o envía @nombredelcanal o su id (como -1001234567890).',
  'channelIndex.input.notFound': 'Telegram no encuentra ese canal ({reason}). Añade a @{bot} como administrador y vuelve a enviarlo.',
  'channelIndex.input.notChannel': 'Eso no es un canal: solo un canal puede ser la biblioteca de archivos.',
  'channelIndex.input.notAdmin':
    '@{bot} no es administrador de {channel}. Añade a @{bot} a {channel} como administrador (canal → Administradores → Añadir administrador) y luego reenvía una publicación o vuelve a enviarlo.',
  'channelIndex.input.saved': '<b>{channel}</b> conectado. Desde ahora se indexan las publicaciones nuevas con archivo; /index lee las anteriores.',
  'channelIndex.noChannel': 'Primero conecta un canal: /settings → 📥 Canal indexado.',
  'channelIndex.usage': 'Uso: /index <enlace de la primera publicación> <enlace de la última>, p. ej. /index {first} {last}',
  'channelIndex.batchUsage': 'Uso: /batch <enlace de la primera publicación> <enlace de la última> para los archivos de un rango, o /batch solo para juntar subidas.',
  'channelIndex.notPostLink': '"{link}" no es un enlace a una publicación. Cópialo desde la publicación (Copiar enlace): se parece a https://t.me/canal/123 o https://t.me/c/1234567890/123.',
  'channelIndex.otherChannel': '{link} es una publicación de otro canal. Da enlaces de {channel} (el canal conectado), o conecta el otro en /settings.',
  'channelIndex.reversed': 'La primera publicación ({first}) va después de la última ({last}): pon primero la más antigua.',
  'channelIndex.tooLarge': 'Ese rango tiene {count} publicaciones; como máximo {max} a la vez. Divídelo en rangos más pequeños.',
  'channelIndex.busy': 'Ya hay un indexado en curso ({done} de {total} publicaciones leídas). Espera a que termine, o usa /cancel.',
  'channelIndex.what.index': 'Indexando {channel}',
  'channelIndex.what.batch': 'Reuniendo los archivos de {channel}',
  'channelIndex.progress': '📥 {what}…\n{done} de {total} publicaciones leídas',
  'channelIndex.counts': 'Archivos nuevos: {indexed} · ya guardados: {known} · sin archivo: {skipped} · no encontradas: {missing}',
  'channelIndex.done': { one: '✅ Leída {count} publicación de {channel}.', other: '✅ Leídas {count} publicaciones de {channel}.' },
  'channelIndex.cancelled': '⏹ Cancelado tras {done} de {total} publicaciones. Lo leído queda indexado.',
  'channelIndex.failed': '⚠️ El indexado se detuvo: {reason}. Envía la misma orden otra vez para seguir desde donde paró.',
  'channelIndex.button.cancel': '⏹ Cancelar',
  'channelIndex.cancelling': 'Cancelando…',
  'channelIndex.notRunning': 'No hay ningún indexado en curso.',
  'channelIndex.batch.one': { one: '🔗 Un enlace para {count} archivo de {channel}:', other: '🔗 Un enlace para {count} archivos de {channel}:' },
  'channelIndex.batch.parts': {
    one: '🔗 {count} archivo de {channel}, en {parts} enlaces de hasta {max} archivos cada uno:',
    other: '🔗 {count} archivos de {channel}, en {parts} enlaces de hasta {max} archivos cada uno:',
  },
  'channelIndex.batch.empty': 'No hay ningún archivo entre esas publicaciones: no se creó ningún enlace.',
  'channelIndex.batch.openFirst': 'Hay un lote de subidas abierto: termínalo con /done o descártalo con /cancel primero.',
};
