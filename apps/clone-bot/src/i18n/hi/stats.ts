export const stats = {
  'stats.title': '📊 <b>आँकड़े</b>',
  'stats.users': 'उपयोगकर्ता: <b>{users}</b> (बॉट को ब्लॉक किया: {blocked})',
  'stats.files': 'फ़ाइलें: <b>{files}</b> · बैच: <b>{batches}</b>',
  'stats.deliveries': 'डिलीवरी: <b>{deliveries}</b>',
  'stats.stars': {
    one: 'कमाए गए Stars: <b>{net} ⭐</b> ({count} प्रीमियम बिक्री, {refunded} ⭐ वापस किए)',
    other: 'कमाए गए Stars: <b>{net} ⭐</b> ({count} प्रीमियम बिक्रियाँ, {refunded} ⭐ वापस किए)',
  },
  'stats.topTitle': '<b>सबसे ज़्यादा खुले लिंक</b>',
  'stats.topNone': 'अभी कोई नहीं',
  'stats.topBatch': 'बैच',
  'stats.topDeleted': 'हटाई गई फ़ाइल',
  'stats.daysTitle': '<b>पिछले 7 दिन</b> (UTC: नए उपयोगकर्ता / डिलीवरी)',
} as const;
