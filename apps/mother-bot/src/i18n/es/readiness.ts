/** El informe `/readiness` de los administradores (HTML). */
export const readiness = {
  'readiness.ready': '✅ <b>Listo para producción</b>',
  'readiness.notReady': '❌ <b>No está listo para producción</b>',
  'readiness.counts': { one: '{count} elemento:', other: '{count} elementos:' },
  'readiness.pass': '✅ {count} correctos',
  'readiness.attested': '📝 {count} certificados',
  'readiness.fail': '❌ {count} fallidos',
  'readiness.unattested': '⬜ {count} por certificar',
  'readiness.failing': { one: '<b>El elemento que falla</b>', other: '<b>Los elementos que fallan</b>' },
  'readiness.checkFails': '{check} falla: {detail}',
  'readiness.more': { one: '… y {count} más: ejecuta <code>npm run readiness</code> en el servidor.', other: '… y {count} más: ejecuta <code>npm run readiness</code> en el servidor.' },
  'readiness.toAttest': {
    one: '⬜ {count} elemento necesita la certificación de un operador (en <code>DATA_DIR/readiness-attestations.json</code>).',
    other: '⬜ {count} elementos necesitan la certificación de un operador (en <code>DATA_DIR/readiness-attestations.json</code>).',
  },
  'readiness.problem': '⚠️ No se pudo leer todo: {problem}',
  'readiness.failed': '❌ No se pudo hacer el informe de preparación: {error}',
} as const;
