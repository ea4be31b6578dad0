/** The admins' operations commands (/health, /errors) and the monitoring alerts. */
export const ops = {
  'ops.health': '{icon} <b>Health: {status}</b>\n{lines}',
  'ops.noErrors': 'No errors recorded. 🎉',
  'ops.errors': { one: '<b>Errors</b> (latest {count} kind)\n{lines}', other: '<b>Errors</b> (latest {count} kinds)\n{lines}' },
  'ops.errorLine': '• <b>{kind}</b> ×{times} at <code>{place}</code>\n  last {date} ({context}): {message}',
  'alert.recovered': '✅ <b>RECOVERED</b> · <code>{key}</code>',
  'alert.firing': '{icon} <b>{severity}</b> · <code>{key}</code>',
  'alert.stillFiring': '{icon} <b>{severity}</b> (still firing) · <code>{key}</code>',
  'alert.since': 'since {date}',
  'alert.critical': 'CRITICAL',
  'alert.warning': 'WARNING',
  'alert.info': 'INFO',
} as const;
