import { DEFAULT_LOCALE, escapeHtml, type AlertObservation, type AlertSeverity, type AlertText, type TextParams } from '@motherbot/core';
import { en } from '../i18n/en';
import { motherTexts, type MotherTextKey, type MotherTranslate } from '../i18n/texts';

const english = motherTexts.forLocale(DEFAULT_LOCALE);

/**
 * An observation whose line is a catalog text: `text` for each admin's language, and `summary`
 * the same in English for the logs, the status page and what operators grep.
 */
export function observe(key: string, severity: AlertSeverity, text: MotherTextKey, params: TextParams = {}, remind?: boolean): AlertObservation {
  return { key, severity, summary: english(text, params), text: { key: text, params }, ...(remind === undefined ? {} : { remind }) };
}

/** Parameters made safe for an HTML message: strings escaped, numbers as they are. */
export function escapeParams(params: TextParams | undefined): TextParams {
  return Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, typeof v === 'string' ? escapeHtml(v) : v]));
}

const isTextKey = (key: string): key is MotherTextKey => Object.prototype.hasOwnProperty.call(en, key);

/**
 * An alert's line in the admin's language, as HTML. An alert stored before texts had keys (or
 * with a key a later catalog dropped) shows its stored English summary as it is.
 */
export function alertLine(summary: string, text: AlertText | null | undefined, t: MotherTranslate): string {
  return text && isTextKey(text.key) ? t(text.key, escapeParams(text.params)) : escapeHtml(summary);
}
