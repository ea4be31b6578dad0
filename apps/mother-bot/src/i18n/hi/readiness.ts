/** एडमिन की `/readiness` रिपोर्ट (HTML)। */
export const readiness = {
  'readiness.ready': '✅ <b>प्रोडक्शन के लिए तैयार</b>',
  'readiness.notReady': '❌ <b>प्रोडक्शन के लिए तैयार नहीं</b>',
  'readiness.counts': { one: '{count} आइटम:', other: '{count} आइटम:' },
  'readiness.pass': '✅ {count} पास',
  'readiness.attested': '📝 {count} प्रमाणित',
  'readiness.fail': '❌ {count} विफल',
  'readiness.unattested': '⬜ {count} प्रमाणित करने बाकी',
  'readiness.failing': { one: '<b>विफल आइटम</b>', other: '<b>विफल आइटम</b>' },
  'readiness.checkFails': '{check} विफल: {detail}',
  'readiness.more': { one: '… और {count}: सर्वर पर <code>npm run readiness</code> चलाएँ।', other: '… और {count}: सर्वर पर <code>npm run readiness</code> चलाएँ।' },
  'readiness.toAttest': {
    one: '⬜ {count} आइटम को ऑपरेटर के प्रमाणन की ज़रूरत है (<code>DATA_DIR/readiness-attestations.json</code> में)।',
    other: '⬜ {count} आइटम को ऑपरेटर के प्रमाणन की ज़रूरत है (<code>DATA_DIR/readiness-attestations.json</code> में)।',
  },
  'readiness.problem': '⚠️ सब कुछ पढ़ा नहीं जा सका: {problem}',
  'readiness.failed': '❌ तैयारी की रिपोर्ट नहीं बन सकी: {error}',
} as const;
