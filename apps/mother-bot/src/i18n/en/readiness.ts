/**
 * The admins' `/readiness` report (HTML). The checklist items' titles and the checks' evidence
 * are the operator's checklist and `npm run readiness` data, passed in escaped as they are.
 */
export const readiness = {
  'readiness.ready': '✅ <b>Ready for production</b>',
  'readiness.notReady': '❌ <b>Not ready for production</b>',
  'readiness.counts': { one: '{count} item:', other: '{count} items:' },
  'readiness.pass': '✅ {count} passing',
  'readiness.attested': '📝 {count} attested',
  'readiness.fail': '❌ {count} failing',
  'readiness.unattested': '⬜ {count} to attest',
  'readiness.failing': { one: '<b>The failing item</b>', other: '<b>The failing items</b>' },
  'readiness.checkFails': '{check} fails: {detail}',
  'readiness.more': { one: '… and {count} more: run <code>npm run readiness</code> on the host.', other: '… and {count} more: run <code>npm run readiness</code> on the host.' },
  'readiness.toAttest': {
    one: "⬜ {count} item needs an operator's attestation (in <code>DATA_DIR/readiness-attestations.json</code>).",
    other: "⬜ {count} items need an operator's attestation (in <code>DATA_DIR/readiness-attestations.json</code>).",
  },
  'readiness.problem': '⚠️ Not everything could be read: {problem}',
  'readiness.failed': '❌ The readiness report could not be made: {error}',
} as const;
