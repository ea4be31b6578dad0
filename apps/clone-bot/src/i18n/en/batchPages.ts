/** A batch link of more than one page (a range batch): the note under each page and its button. */
export const batchPages = {
  'batchPages.status': 'Files {from}–{to} of {total}.',
  'batchPages.last': 'Files {from}–{to} of {total}: that was the last page.',
  'batchPages.next': { one: '⬇️ Send the next {count} file', other: '⬇️ Send the next {count}' },
  'batchPages.openAgain': 'This button is not valid for you (or has expired). Open the link again to get these files.',
} as const;
