import { AppError } from '@motherbot/core';

/**
 * Why a shortener call failed; none of them carries the key or the URL that holds it. `open`:
 * not asked at all, because its recent calls failed (see ShortenerCircuit).
 */
export type ShortenerFailure = 'timeout' | 'network' | 'http' | 'rejected' | 'garbage' | 'open';

export class ShortenerError extends AppError {
  constructor(
    readonly reason: ShortenerFailure,
    message: string,
    readonly status?: number,
  ) {
    super('SHORTENER', message, { reason, status });
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
  if (typeof o.status === 'string' && o.status !== 'success') throw new ShortenerError('rejected', `the shortener refused: ${String(o.message ?? o.status).slice(0, 200)}`);
  const found = [o.shortenedUrl, o.short_url, o.shortUrl].find((v): v is string => typeof v === 'string');
  return found && /^https?:\/\/\S+$/.test(found) ? found : undefined;
}

/**
 * Shortens one URL through the owner's shortener. Throws {@link ShortenerError}: on a timeout,
 * a network failure, an HTTP error, a refusal (`status` other than `success`) or an answer
 * without a usable short URL.
 */
export async function shortenUrl(config: ShortenerConfig, longUrl: string, timeoutMs = 5_000): Promise<string> {
  let response: Response;
  try {
    response = await fetch(shortenerRequestUrl(config, longUrl), { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new ShortenerError('timeout', `the shortener did not answer within ${timeoutMs / 1000} s`);
    throw new ShortenerError('network', 'the shortener could not be reached');
  }
  const body = await response.text().catch(() => '');
  if (!response.ok) throw new ShortenerError(response.status === 401 || response.status === 403 ? 'rejected' : 'http', `the shortener answered HTTP ${response.status}`, response.status);
  let short: string | undefined;
  try {
    short = shortUrlOf(body.slice(0, 10_000));
  } catch (error) {
    // A shortener may quote the key in its refusal: the message goes to the owner and the log.
    if (error instanceof ShortenerError) throw new ShortenerError(error.reason, error.message.split(config.apiKey).join('…'));
    throw error;
  }
  if (!short) throw new ShortenerError('garbage', 'the shortener answered without a short URL');
  return short;
}
