import type { Catalog, CatalogText } from './translator';

const PLACEHOLDER = /\{([a-zA-Z0-9_]+)\}/g;

function placeholders(text: CatalogText): string[] {
  const forms = typeof text === 'string' ? [text] : Object.values(text).filter((f): f is string => typeof f === 'string');
  const names = new Set<string>();
  for (const form of forms) for (const m of form.matchAll(PLACEHOLDER)) names.add(m[1]!);
  return [...names].sort();
}

/**
 * What is wrong with a translation against the English catalog: keys it lacks or English does
 * not have, texts whose placeholders differ, plural texts given as one string (or the reverse),
 * plural texts without `other`. Empty when the translation is complete. A test runs it over
 * every catalog, so a text added in English alone fails the build rather than showing English
 * to a Spanish speaker unnoticed.
 */
export function checkCatalog(english: Catalog, translation: Catalog, language: string): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(english)) {
    const en = english[key]!;
    const other = translation[key];
    if (other === undefined) {
      problems.push(`${language}: missing key "${key}"`);
      continue;
    }
    if (typeof en !== typeof other) {
      problems.push(`${language}: "${key}" is ${typeof en === 'string' ? 'one text' : 'plural'} in English but ${typeof other === 'string' ? 'one text' : 'plural'} here`);
      continue;
    }
    if (typeof other !== 'string' && typeof other.other !== 'string') problems.push(`${language}: "${key}" has no "other" plural form`);
    const a = placeholders(en).join(',');
    const b = placeholders(other).join(',');
    if (a !== b) problems.push(`${language}: "${key}" has placeholders {${b}} but English has {${a}}`);
  }
  for (const key of Object.keys(translation)) if (!(key in english)) problems.push(`${language}: key "${key}" is not in English`);
  return problems;
}
