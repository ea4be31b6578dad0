/** Texts several features share. */
export const common = {
  'language.name': 'English',
  'common.notAllowed': 'Only the owner of this bot can do that.',
  'common.staleButton': 'This button is no longer valid.',
  'common.tooFast': 'You are sending too fast. Please wait a minute and try again.',
  'common.paymentCheckFailed': 'We could not check this payment right now. Nothing was charged; please try again in a minute.',
  'common.fileDeletedAsPlanned': '🗑 The file was deleted as planned. Open the link again to get it.',
} as const;
