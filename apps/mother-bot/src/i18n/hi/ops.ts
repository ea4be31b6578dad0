export const ops = {
  'ops.health': '{icon} <b>हेल्थ: {status}</b>\n{lines}',
  'ops.noErrors': 'कोई त्रुटि दर्ज नहीं। 🎉',
  'ops.errors': { one: '<b>त्रुटियाँ</b> (हाल का {count} प्रकार)\n{lines}', other: '<b>त्रुटियाँ</b> (हाल के {count} प्रकार)\n{lines}' },
  'ops.errorLine': '• <b>{kind}</b> ×{times}, <code>{place}</code> पर\n  आख़िरी {date} ({context}): {message}',
  'alert.recovered': '✅ <b>ठीक हो गया</b> · <code>{key}</code>',
  'alert.firing': '{icon} <b>{severity}</b> · <code>{key}</code>',
  'alert.stillFiring': '{icon} <b>{severity}</b> (अब भी जारी) · <code>{key}</code>',
  'alert.since': '{date} से',
  'alert.critical': 'गंभीर',
  'alert.warning': 'चेतावनी',
  'alert.info': 'जानकारी',
} as const;
