import type { CloneTopLinks } from '@motherbot/core';

/**
 * The files-only top list behind the "popular" button: its own counter document, so batch and
 * album links (which the top links of /stats also hold) never take a file's place. It keeps
 * three times what the button shows, so files deleted since still leave it full.
 */
export const TOP_FILES_KEY = 'top:files';
export const TOP_FILES_KEPT = 30;

/** Whether a link code names a single file (the popular list holds files only). */
export const isFileCode = (code: string): boolean => code.startsWith('f_');

/**
 * Puts a link's new delivery total into a ranked list (most delivered first, ties by code) of at
 * most `kept` entries; false when the list did not change (the link is not in it and does not
 * beat its last entry). Internal to the stats writer.
 */
export function placeInTop(list: CloneTopLinks['links'], code: string, deliveries: number, kept: number): boolean {
  const at = list.findIndex((t) => t.code === code);
  const least = list[list.length - 1];
  if (at >= 0) list[at] = { code, deliveries };
  else if (list.length < kept || (least && deliveries > least.deliveries)) list.push({ code, deliveries });
  else return false;
  list.sort((a, b) => b.deliveries - a.deliveries || a.code.localeCompare(b.code));
  list.length = Math.min(list.length, kept);
  return true;
}
