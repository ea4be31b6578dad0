import { AppError } from '@motherbot/core';
import { BlockedAddressError, guardedGet, type GuardedResponse } from './guardedGet';

/**
 * Why a shortener call failed; none of them carries the key or the URL that holds it. `open`:
 * not asked at all, because its recent calls failed (see ShortenerCircuit). `blocked`: the URL
 * leads to an internal address, which an owner's shortener may not.
 */
export type ShortenerFailure = 'timeout' | 'network' | 'http' | 'rejected' | 'garbage' | 'open' | 'blocked';

export class ShortenerError extends AppError {
  constructor(
    readonly reason: ShortenerFailure,
    message: string,
    /** The HTTP status (`http`), the shortener's own refusal text with the key cut out (`rejected`), or the seconds until the next try (`open`). */
    readonly detail?: string | number,
  ) {
    super('SHORTENER', message, { reason, detail });
  }
}

/** The owner's shortener: its API URL as the owner typed it, and the opened key. */
export interface ShortenerConfig {
  apiUrl: string;
  apiKey: string;
}

/** A URL the owner may set: http(s), parseable once the placeholders are filled. */
export function isValidShortenerUrl(apiUrl: string): boolean {
  try {
    const url = new URL(apiUrl.replace(/\{url\}|\{key\}/g, 'x'));
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The request URL: a template fills `{url}` and `{key}`; a base URL gets the common shape
 * `<base>/api?api=<key>&url=<long>` (a base that already ends in `/api` keeps it).
 */
export function shortenerRequestUrl({ apiUrl, apiKey }: ShortenerConfig, longUrl: string): string {
  if (apiUrl.includes('{url}')) return apiUrl.replace(/\{url\}/g, encodeURIComponent(longUrl)).replace(/\{key\}/g, encodeURIComponent(apiKey));
  const url = new URL(apiUrl);
  if (!/\/api\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/+$/, '')}/api`;
  url.searchParams.set('api', apiKey);
  url.searchParams.set('url', longUrl);
  return url.toString();
}

/** How a call is made: its deadline, and whether internal addresses may be reached (tests only). */
export interface ShortenOptions {
  timeoutMs?: number;
  allowInternal?: boolean;
}

function shortUrlOf(body: string): string | undefined {
  const trimmed = body.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    // Some template shorteners answer the short URL as plain text.
    return /^https?:\/\/\S+$/.test(trimmed) ? trimmed : undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const o = parsed as Record<string, unknown>;
  if (typeof o.status === 'string' && o.status !== 'success') {
    const said = String(o.message ?? o.status).slice(0, 200);
    throw new ShortenerError('rejected', `the shortener refused: ${said}`, said);
  }
  const found = [o.shortenedUrl, o.short_url, o.shortUrl].find((v): v is string => typeof v === 'string');
  return found && /^https?:\/\/\S+$/.test(found) ? found : undefined;
}

/** The key as it may appear in a shortener's answer: as typed, and as each of the two URL encodings writes it. */
export const keyForms = (apiKey: string): string[] => [...new Set([apiKey, encodeURIComponent(apiKey), new URLSearchParams({ k: apiKey }).toString().slice(2)])].filter((k) => k.length > 0);

function withoutKey(text: string, apiKey: string): string {
  return keyForms(apiKey).reduce((out, key) => out.split(key).join('…'), text);
}

/**
 * Shortens one URL through the owner's shortener. Throws {@link ShortenerError}: on a timeout,
 * a network failure, an internal address, an HTTP error, a refusal (`status` other than
 * `success`) or an answer without a usable short URL. The request goes through guardedGet: an
 * owner's URL cannot make the worker call the host's own services.
 */
export async function shortenUrl(config: ShortenerConfig, longUrl: string, options: ShortenOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  let response: GuardedResponse;
  try {
    response = await guardedGet(shortenerRequestUrl(config, longUrl), { timeoutMs, maxBytes: 10_000, allowInternal: options.allowInternal ?? false });
  } catch (error) {
    if (error instanceof BlockedAddressError) throw new ShortenerError('blocked', 'the shortener URL leads to an internal address');
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new ShortenerError('timeout', `the shortener did not answer within ${timeoutMs / 1000} s`, timeoutMs / 1000);
    throw new ShortenerError('network', 'the shortener could not be reached');
  }
  if (response.status < 200 || response.status > 299) {
    if (response.status === 401 || response.status === 403) throw new ShortenerError('rejected', `the shortener answered HTTP ${response.status}`, `HTTP ${response.status}`);
    throw new ShortenerError('http', `the shortener answered HTTP ${response.status}`, response.status);
  }
  let short: string | undefined;
  try {
    short = shortUrlOf(response.body);
  } catch (error) {
    // A shortener may quote the key in its refusal: the message goes to the owner and the log.
    if (error instanceof ShortenerError) {
      const detail = withoutKey(String(error.detail ?? ''), config.apiKey);
      throw new ShortenerError(error.reason, withoutKey(error.message, config.apiKey), detail);
    }
    throw error;
  }
  if (!short) throw new ShortenerError('garbage', 'the shortener answered without a short URL');
  return short;
}
