/** `/premium`, its invoices and payments, and the owner's notes about sales (HTML where a receipt id is shown). */
export const premium = {
  'premium.until': '⭐ You are premium until {date}.',
  'premium.notPremium': 'You are not premium.',
  'premium.noneSold': 'This bot sells no premium right now.',
  'premium.offers': 'Premium users get files without link verification or daily limits. Buy with Telegram Stars:',
  'premium.offersMore': 'Premium users get files without link verification or daily limits. Buy more with Telegram Stars:',
  'premium.offerLabel': { one: '{count} day for {stars} ⭐', other: '{count} days for {stars} ⭐' },
  'premium.offerStale': 'This button is no longer valid. Send /premium for the current offers.',
  'premium.invoiceTitle': { one: 'Premium: {count} day', other: 'Premium: {count} days' },
  'premium.invoiceDescription': {
    one: '{count} day of premium in @{bot}: files without link verification or daily limits.',
    other: '{count} days of premium in @{bot}: files without link verification or daily limits.',
  },
  'premium.invoiceLabel': { one: '{count} day', other: '{count} days' },
  'premium.offerGone': 'This premium offer is no longer available: the owner changed or removed it. Nothing was charged; send /premium to see the current offers.',
  'premium.invoiceInvalid': 'This invoice is not valid here. Nothing was charged; send /premium for a new one.',
  'premium.invoiceNotYours': 'This invoice was made for someone else. Nothing was charged; send /premium for your own.',
  'premium.receipt': 'Receipt id: <code>{chargeId}</code>',
  'premium.thanks': { one: '⭐ Thank you! You are premium until <b>{date}</b>.\nPaid: {stars} ⭐ for {count} day.', other: '⭐ Thank you! You are premium until <b>{date}</b>.\nPaid: {stars} ⭐ for {count} days.' },
  'premium.notCredited': 'We received your payment but could not apply it automatically. The owner was told and will fix it or refund you.',
  'premium.ownerSale': { one: '⭐ {user} bought {count} day of premium for {stars} ⭐.\nRefund: <code>/premium_refund {chargeId}</code>', other: '⭐ {user} bought {count} days of premium for {stars} ⭐.\nRefund: <code>/premium_refund {chargeId}</code>' },
  'premium.ownerNotCredited': '🔴 Payment <code>{chargeId}</code> from {user} ({stars} ⭐) was not credited. Grant with /premium_grant or refund with /premium_refund.',
} as const;
