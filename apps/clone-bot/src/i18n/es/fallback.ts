export const fallback = {
  'fallback.unknownCommand': 'No conozco ese comando. /help muestra lo que puedo hacer.',
  'fallback.managerHint': 'Envíame un archivo para obtener su enlace, o /help.',
  'fallback.userHint': 'Envíame un enlace compartido para recibir su archivo, o /help.',
} as const;
