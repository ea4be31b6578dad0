/** Stars payments: the receipt, a payment that could not be applied, /paysupport. */
export const payments = {
  'payments.refuse.invalid': 'This invoice is not valid. Please ask for a new one.',
  'payments.refuse.suspended': 'This clone is suspended. Contact support with /paysupport.',
  'payments.refuse.notYours': 'This clone no longer exists or is not yours.',
  'payments.refuse.planGone': 'This plan is no longer offered. Please choose another one.',
  'payments.refuse.priceChanged': 'The price of this plan changed. Please ask for a new invoice.',
  'payments.checkFailed': 'We could not check this payment right now. Nothing was charged; please try again in a minute.',
  'payments.invoiceDescription': { one: '{count} day of hosting for your clone @{bot}.', other: '{count} days of hosting for your clone @{bot}.' },
  'payments.receipt': {
    one: '🧾 Payment received — thank you!\n\nClone: @{bot}\nPlan: {plan} ({count} day)\nPaid: {stars} ⭐\nNow runs until: {date}\nReceipt id: <code>{receipt}</code>\n\nQuestions about this payment: /paysupport',
    other: '🧾 Payment received — thank you!\n\nClone: @{bot}\nPlan: {plan} ({count} days)\nPaid: {stars} ⭐\nNow runs until: {date}\nReceipt id: <code>{receipt}</code>\n\nQuestions about this payment: /paysupport',
  },
  'payments.notApplied': 'We received your payment (receipt id <code>{receipt}</code>) but could not apply it automatically. The admins were told and will fix it or refund you. /paysupport',
  'payments.adminNotApplied': '🔴 Payment {receipt} from user {userId} ({stars} ⭐) could not be applied. Check the logs.',
  'payments.support':
    'Payment support\n\nPlans are paid in Telegram Stars and extend your clone by the plan\'s days; your receipt in this chat has a receipt id.\nIf a payment was not applied, went to the wrong clone, or you want a refund, send:\n/paysupport <your question and the receipt id>\nAn admin answers here. Refunds go back to your Stars balance, and the paid days are taken off the clone.',
  'payments.supportToAdmins': '💬 /paysupport from {userId} ({who}):\n{question}',
  'payments.supportSent': 'Thank you — the admins have your message and will answer here.',
  'payments.refuse.pendingApproval': 'This clone is waiting for an admin to approve it: nothing can be paid or spent on it until then (its free trial starts once it is approved).',
  'payments.refuse.rejected': 'This clone was not approved by the admins: it cannot run, so nothing can be paid or spent on it.',
  'payments.refundReferralWithdrawn': { one: 'This payment had earned user {referrer} a referral reward of {count} free day. It was not used yet and is now withdrawn.', other: 'This payment had earned user {referrer} a referral reward of {count} free days. It was not used yet and is now withdrawn.' },
  'payments.refundReferralSpent': { one: 'This payment had earned user {referrer} a referral reward of {count} free day, already used on clone {cloneId}. That day was not taken back; the audit log records it.', other: 'This payment had earned user {referrer} a referral reward of {count} free days, already used on clone {cloneId}. Those days were not taken back; the audit log records it.' },
  'payments.referralWithdrawnNotice': { one: 'The payment that earned you a referral reward of {count} free day was refunded, so that reward is withdrawn.', other: 'The payment that earned you a referral reward of {count} free days was refunded, so that reward is withdrawn.' },
} as const;
