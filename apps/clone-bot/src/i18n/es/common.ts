export const common = {
  'language.name': 'Español',
  'common.notAllowed': 'Solo el dueño de este bot puede hacer eso.',
  'common.staleButton': 'Este botón ya no es válido.',
  'common.tooFast': 'Estás enviando demasiado rápido. Espera un minuto y vuelve a intentarlo.',
  'common.paymentCheckFailed': 'No pudimos comprobar este pago ahora. No se cobró nada; inténtalo de nuevo en un minuto.',
  'common.fileDeletedAsPlanned': '🗑 El archivo se borró según lo previsto. Abre el enlace otra vez para recibirlo.',
} as const;
