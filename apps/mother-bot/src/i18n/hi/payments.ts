export const payments = {
  'payments.invoiceDescription': { one: 'आपके क्लोन @{bot} की {count} दिन की होस्टिंग।', other: 'आपके क्लोन @{bot} की {count} दिन की होस्टिंग।' },
  'payments.receipt': {
    one: '🧾 भुगतान मिल गया — धन्यवाद!\n\nक्लोन: @{bot}\nप्लान: {plan} ({count} दिन)\nभुगतान: {stars} ⭐\nअब चलेगा: {date} तक\nरसीद आईडी: <code>{receipt}</code>\n\nइस भुगतान के बारे में सवाल: /paysupport',
    other: '🧾 भुगतान मिल गया — धन्यवाद!\n\nक्लोन: @{bot}\nप्लान: {plan} ({count} दिन)\nभुगतान: {stars} ⭐\nअब चलेगा: {date} तक\nरसीद आईडी: <code>{receipt}</code>\n\nइस भुगतान के बारे में सवाल: /paysupport',
  },
  'payments.notApplied': 'हमें आपका भुगतान (रसीद आईडी <code>{receipt}</code>) मिल गया, पर हम इसे अपने आप लागू नहीं कर सके। एडमिन को बता दिया गया है, वे इसे ठीक करेंगे या आपको रिफ़ंड देंगे। /paysupport',
  'payments.adminNotApplied': '🔴 उपयोगकर्ता {userId} का भुगतान {receipt} ({stars} ⭐) लागू नहीं हो सका। लॉग देखें।',
  'payments.support':
    'भुगतान सहायता\n\nप्लान का भुगतान Telegram Stars में होता है और यह आपके क्लोन को प्लान के दिनों तक बढ़ाता है; इस चैट में आपकी रसीद पर रसीद आईडी है।\nअगर कोई भुगतान लागू नहीं हुआ, गलत क्लोन पर गया, या आप रिफ़ंड चाहते हैं, तो भेजें:\n/paysupport <आपका सवाल और रसीद आईडी>\nएडमिन यहीं जवाब देते हैं। रिफ़ंड आपके Stars बैलेंस में लौटता है, और भुगतान किए गए दिन क्लोन से घटा दिए जाते हैं।',
  'payments.supportToAdmins': '💬 {userId} ({who}) से /paysupport:\n{question}',
  'payments.supportSent': 'धन्यवाद — एडमिन को आपका संदेश मिल गया है और वे यहीं जवाब देंगे।',
} as const;
