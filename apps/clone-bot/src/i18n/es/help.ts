export const help = {
  'help.user':
    'Abre un enlace compartido para recibir su archivo.\n/premium: hazte premium (archivos sin verificación ni límites), si el dueño lo vende\n/search <palabras>: busca archivos por nombre (si el dueño activó la búsqueda)\n/language: elige el idioma en el que te hablo\n/privacy: qué guarda este bot sobre ti y cómo borrarlo',
  'help.owner': [
    'Comandos del dueño:',
    'Envía un archivo (documento, foto, vídeo, audio, nota de voz, animación): recibe su enlace para compartir',
    '/batch, envía archivos, /done: un enlace para varios archivos (/cancel lo descarta)',
    '/link: responde a un mensaje con archivo para obtener su enlace',
    '/delete <enlace o código>: desactiva un enlace',
    '/settings: texto de bienvenida (también por idioma), suscripción obligatoria, proteger contenido, borrado automático, búsqueda, canal de almacenamiento, administradores del clon',
    '/stats: usuarios, archivos, entregas, Stars ganadas',
    '/premium_grant <id de usuario> <días>, /premium_revoke <id de usuario>, /premium_refund <id de recibo>: premium a mano (ofertas: /settings → Premium)',
    '/broadcast: responde a un mensaje para enviarlo a todos los usuarios',
    '/search <palabras>: busca en tus archivos',
  ].join('\n'),
} as const;
