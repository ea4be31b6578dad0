/** Search over file names and captions without $text indexes (FerretDB has none). */

export const SEARCH_LIMITS = { maxWords: 5, maxWordLength: 40, maxQueryLength: 120 } as const;

/** Lowercased, NFKC-normalised text with control characters turned into spaces. */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a query (bounded), or an empty list when there is nothing to search for. */
export function searchWords(query: string): string[] {
  const words = normalizeForSearch(query.slice(0, SEARCH_LIMITS.maxQueryLength)).split(' ').filter(Boolean);
  return [...new Set(words.map((w) => w.slice(0, SEARCH_LIMITS.maxWordLength)))].slice(0, SEARCH_LIMITS.maxWords);
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** A filter on `searchText` that every word must match (escaped, so a word is never a pattern). */
export function searchFilter(words: string[]): Record<string, unknown> {
  return { deletedAt: null, $and: words.map((w) => ({ searchText: { $regex: escapeRegex(w) } })) };
}
