/** One line of the checklist: `- [ ] <text>` under a `### ` section of a `## ` group. */
export interface ChecklistItem {
  id: string;
  group: string;
  section: string;
  text: string;
}

/** A stable id for an item: its text, lowercased, with runs of other characters as `-`. */
export function itemId(text: string): string {
  return text
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const clean = (heading: string): string => heading.replace(/^[^A-Za-z]+/u, '').trim();

/**
 * Parses the production-readiness checklist (docs/operations/production-readiness-checklist.md,
 * the source the report follows word for word). Only `- [ ]` lines are items; the support and
 * status blocks at the end are not.
 */
export function parseChecklist(markdown: string): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  let group = '';
  let section = '';
  for (const line of markdown.split('\n')) {
    const heading = /^(#{2,3})\s+(.*)$/.exec(line);
    if (heading) {
      if (heading[1] === '##') group = clean(heading[2] ?? '');
      else section = clean(heading[2] ?? '');
      continue;
    }
    const item = /^\s*-\s*\[[ xX]\]\s+(.*\S)\s*$/.exec(line);
    if (item?.[1]) items.push({ id: itemId(item[1]), group, section, text: item[1] });
  }
  return items;
}
