/** `/search` and its result pages (HTML; the query is escaped before it is filled in). */
export const search = {
  'search.unavailable': 'Search is not available in this bot.',
  'search.usage': 'Send /search followed by a few words of the file name, e.g. /search holiday photos',
  'search.nothing': 'Nothing found for “{query}”.',
  'search.results': '🔍 Results for <b>{query}</b> (page {page})',
  'search.tap': 'Tap a file to get it.',
  'search.previous': '⬅️ Previous',
  'search.next': 'Next ➡️',
  'search.expired': 'This search has expired. Please search again.',
  'search.noMore': 'No more results.',
} as const;
