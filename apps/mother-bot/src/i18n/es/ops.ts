export const ops = {
  'ops.health': '{icon} <b>Estado: {status}</b>\n{lines}',
  'ops.noErrors': 'No hay errores registrados. 🎉',
  'ops.errors': { one: '<b>Errores</b> (último {count} tipo)\n{lines}', other: '<b>Errores</b> (últimos {count} tipos)\n{lines}' },
  'ops.errorLine': '• <b>{kind}</b> ×{times} en <code>{place}</code>\n  último {date} ({context}): {message}',
  'alert.recovered': '✅ <b>RECUPERADO</b> · <code>{key}</code>',
  'alert.firing': '{icon} <b>{severity}</b> · <code>{key}</code>',
  'alert.stillFiring': '{icon} <b>{severity}</b> (sigue activa) · <code>{key}</code>',
  'alert.since': 'desde {date}',
  'alert.critical': 'CRÍTICA',
  'alert.warning': 'AVISO',
  'alert.info': 'INFO',
} as const;
