import { openToken, registerSecret, sealToken, type CloneSettingsDoc, type SealedToken } from '@motherbot/core';
import { keyForms, type ShortenerConfig } from './shortener';

/** The shortener key is sealed with the clone's key, bound to this use (not interchangeable with the bot token). */
const aad = (cloneId: string): string => `${cloneId}/shortener-key`;

export function sealShortenerKey(cloneKey: Buffer, cloneId: string, apiKey: string): SealedToken {
  return sealToken(cloneKey, aad(cloneId), apiKey);
}

/** The owner's shortener, or null when none is set or its key cannot be opened with this key. */
export function shortenerOf(s: CloneSettingsDoc, cloneKey: Buffer | undefined, cloneId: string): ShortenerConfig | null {
  if (!s.shortenerApiUrl || !s.shortenerKey || !cloneKey) return null;
  try {
    const apiKey = openToken(cloneKey, aad(cloneId), s.shortenerKey);
    // Redacted from every log line from now on, like the bot token, also as it appears in a URL.
    for (const form of keyForms(apiKey)) registerSecret(form);
    return { apiUrl: s.shortenerApiUrl, apiKey };
  } catch {
    return null;
  }
}

/** How the key is shown back: its last 4 characters only. */
export const keyHint = (apiKey: string): string => `…${apiKey.slice(-4)}`;
