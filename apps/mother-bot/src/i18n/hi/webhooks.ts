export const webhooks = {
  'webhooks.title': '<b>वेबहुक</b>',
  'webhooks.allWell': '🟢 कोई वेबहुक त्रुटि नहीं बता रहा',
  'webhooks.mother': '🔴 मदर बॉट: {pending} प्रतीक्षा में, आख़िरी त्रुटि {date}: {message}',
  'webhooks.clone': '🔴 @{bot} (<code>{cloneId}</code>): {pending} प्रतीक्षा में, आख़िरी त्रुटि {date}: {message}',
  'webhooks.more': { one: '… और {count} क्लोन', other: '… और {count} क्लोन' },
  'webhooks.unknown': 'अज्ञात',
};
