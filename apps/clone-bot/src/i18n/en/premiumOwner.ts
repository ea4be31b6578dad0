/** The owner's premium commands, and what the users concerned are told. */
export const premiumOwner = {
  'premiumOwner.grantUsage': 'Usage: /premium_grant <user id> <days> (1 to {max}). Days add to what the user has left.',
  'premiumOwner.granted': '⭐ {user} is premium until {date}.',
  'premiumOwner.grantedNotice': '⭐ You were given premium in this bot until {date}.',
  'premiumOwner.revokeUsage': 'Usage: /premium_revoke <user id>',
  'premiumOwner.revoked': 'Premium of {user} ended now.',
  'premiumOwner.wasNot': '{user} was not premium; nothing changed.',
  'premiumOwner.refundUsage': "Usage: /premium_refund <receipt id> (the buyer's receipt, or the note you got for the sale).",
  'premiumOwner.noPayment': 'No payment with that receipt id in this bot.',
  'premiumOwner.alreadyRefundedOn': 'Already refunded on {date}.',
  'premiumOwner.alreadyRefunded': 'Already refunded.',
  'premiumOwner.refused': 'Telegram refused the refund: {reason}. Nothing changed.',
  'premiumOwner.endsOn': 'premium now ends {date}',
  'premiumOwner.ended': 'premium ended',
  'premiumOwner.refunded': { one: '↩️ Refunded {stars} ⭐ to {user}; {count} day taken off ({left}).', other: '↩️ Refunded {stars} ⭐ to {user}; {count} days taken off ({left}).' },
  'premiumOwner.refundedNotice': '↩️ Your payment of {stars} ⭐ (receipt id {chargeId}) was refunded to your Stars balance; {left}.',
} as const;
