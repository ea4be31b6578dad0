/** La pantalla «últimos errores» de un clon para los administradores. */
export const cloneErrors = {
  'cloneErrors.tokenRevoked': 'Telegram rechaza su token (¿revocado?) desde {date}',
  'cloneErrors.tokenConflict': 'otro programa consulta su token desde {date}',
  'cloneErrors.crashLoop': 'bucle de caídas el {date}',
  'cloneErrors.lastExit': 'última salida {date}: {reason}',
  'cloneErrors.exitCode': 'código de salida {code}',
  'cloneErrors.restartedByPm2': 'reiniciado por PM2',
  'cloneErrors.unknown': 'motivo desconocido',
  'cloneErrors.lastExitCode': 'último código de salida {code}',
  'cloneErrors.restarts': { one: '{count} reinicio en la ventana de bucle de caídas', other: '{count} reinicios en la ventana de bucle de caídas' },
} as const;
