/** एडमिन के लिए किसी क्लोन की "हाल की त्रुटियाँ" स्क्रीन। */
export const cloneErrors = {
  'cloneErrors.tokenRevoked': 'Telegram {date} से इसका टोकन अस्वीकार कर रहा है (रद्द किया गया?)',
  'cloneErrors.tokenConflict': '{date} से कोई दूसरा प्रोग्राम इसके टोकन से पोलिंग कर रहा है',
  'cloneErrors.crashLoop': '{date} को क्रैश लूप',
  'cloneErrors.lastExit': 'आख़िरी बार बंद हुआ {date}: {reason}',
  'cloneErrors.exitCode': 'एग्ज़िट कोड {code}',
  'cloneErrors.restartedByPm2': 'PM2 ने रीस्टार्ट किया',
  'cloneErrors.unknown': 'कारण अज्ञात',
  'cloneErrors.lastExitCode': 'आख़िरी एग्ज़िट कोड {code}',
  'cloneErrors.restarts': { one: 'क्रैश-लूप अवधि में {count} रीस्टार्ट', other: 'क्रैश-लूप अवधि में {count} रीस्टार्ट' },
} as const;
