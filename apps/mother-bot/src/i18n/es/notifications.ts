export const notifications = {
  'notify.live': '🟢 @{bot} está en línea. Ábrelo y envía /start.',
  'notify.tokenConflict': '⚠️ @{bot} se detuvo: otro programa está usando su token. Revoca el token en @BotFather y envíame el nuevo desde «Mis clones».',
  'notify.tokenRejected': '⚠️ @{bot} se detuvo: Telegram ya no acepta su token (¿revocado?). Envíame un token nuevo desde «Mis clones».',
  'notify.crashLoop': '⚠️ @{bot} fallaba una y otra vez y se detuvo. Los administradores ya lo saben.',
  'notify.adminCrashLoop': { one: '🔴 El clon {cloneId} (@{bot}) entró en bucle de fallos ({count} reinicio) y se detuvo.', other: '🔴 El clon {cloneId} (@{bot}) entró en bucle de fallos ({count} reinicios) y se detuvo.' },
  'reminder.ended': '⌛ La suscripción de {bot} ha terminado ({date}). Renuévala para iniciarlo de nuevo.',
  'reminder.tomorrow': '⏰ La suscripción de {bot} termina mañana ({date}). Renuévala para mantenerlo en línea.',
  'reminder.inDays': { one: '⏰ La suscripción de {bot} termina en {count} día ({date}). Renuévala para mantenerlo en línea.', other: '⏰ La suscripción de {bot} termina en {count} días ({date}). Renuévala para mantenerlo en línea.' },
} as const;
