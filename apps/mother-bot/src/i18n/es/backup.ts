/** El mensaje `/backup` de los administradores (texto sin formato). */
export const backup = {
  'backup.running': 'Ya hay una copia de seguridad en curso; su resultado se enviará aquí.',
  'backup.started': '💾 Haciendo copia de todas las bases de datos y probando después su restauración…',
  'backup.progress': {
    one: '💾 Copiando: {done} de {count} base de datos hecha (última: {last})…',
    other: '💾 Copiando: {done} de {count} bases de datos hechas (última: {last})…',
  },
  'backup.allDone': {
    one: '💾 Copia de la base de datos hecha; restaurándola de prueba para demostrar que funciona…',
    other: '💾 Copia hecha de las {count} bases de datos; restaurándola de prueba para demostrar que funciona…',
  },
  'backup.verified': '✅ Copia {id}: {databases}, {documents}, {size}; comprobada con una restauración de prueba.',
  'backup.notVerified': '✅ Copia {id}: {databases}, {documents}, {size}; sin comprobar.',
  'backup.verifyFailed': '❌ Copia {id}: {databases}, {documents}, {size}; la restauración de prueba FALLÓ: {problems}',
  'backup.databases': { one: '{count} base de datos', other: '{count} bases de datos' },
  'backup.documents': { one: '{count} documento', other: '{count} documentos' },
  'backup.sizeKb': '{size} KB',
  'backup.sizeMb': '{size} MB',
  'backup.pruned': { one: 'Se borró {count} copia antigua (BACKUP_KEEP).', other: 'Se borraron {count} copias antiguas (BACKUP_KEEP).' },
  'backup.failed': '❌ La copia de seguridad falló: {error}',
} as const;
