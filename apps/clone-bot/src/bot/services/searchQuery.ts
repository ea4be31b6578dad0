/** The words of a search over file names and captions (matched by the in-memory search index). */

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
