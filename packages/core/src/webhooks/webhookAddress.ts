import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { AppError } from '../errors';
import { CLONE_ID_PATTERN } from '../clones/cloneIds';

/**
 * Where Telegram delivers each bot's updates in webhook mode, and how a request proves it came
 * from Telegram. Everything is derived, nothing is stored: the mother derives any bot's address
 * from the master key, a clone worker derives its own from the key it was given (the clone key),
 * so the ingress needs no routing table and a worker can check a request by itself.
 *
 * - Path: `/tg/m/<mac>` for the mother, `/tg/c/<cloneId>/<mac>` for a clone. The clone id lets the
 *   ingress route without a lookup; the MAC makes the path unguessable (a path someone guessed
 *   from a clone id alone is refused with 404 before anything else).
 * - `secret_token`: a second, separate MAC, sent by Telegram in `X-Telegram-Bot-Api-Secret-Token`
 *   on every request and compared in constant time (401 when wrong).
 *
 * Both are HMAC-SHA256 of a fixed label under a key of their own (HKDF of the bot's key), so the
 * key that seals a clone's token is never used for anything else.
 */

export class WebhookAddressError extends AppError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('WEBHOOK_ADDRESS', message, context);
  }
}

export type WebhookTarget = { kind: 'mother' } | { kind: 'clone'; cloneId: string };

/** A bot's webhook credentials: the MAC in its path and its `secret_token`. */
export interface WebhookCredentials {
  pathMac: string;
  secretToken: string;
}

/** The header Telegram sends the `secret_token` in. */
export const WEBHOOK_SECRET_HEADER = 'x-telegram-bot-api-secret-token';
export const WEBHOOK_PATH_PREFIX = '/tg/';

const SALT = Buffer.from('motherbot/webhook/v1');
// Telegram's secret_token allows 1-256 of A-Z a-z 0-9 _ -: base64url without padding fits.
const MAC = /^[A-Za-z0-9_-]{32}$/;

/** The webhook key of the mother bot, from the master key. */
export function motherWebhookKey(masterKey: string): Buffer {
  if (!masterKey) throw new WebhookAddressError('no master key configured');
  return Buffer.from(hkdfSync('sha256', Buffer.from(masterKey, 'utf8'), SALT, Buffer.from('mother'), 32));
}

/** The webhook key of a clone, from its clone key (`deriveCloneKey`), which its worker holds. */
export function cloneWebhookKey(cloneKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', cloneKey, SALT, Buffer.from('clone'), 32));
}

export function webhookCredentials(webhookKey: Buffer): WebhookCredentials {
  const mac = (label: string) => createHmac('sha256', webhookKey).update(label).digest('base64url');
  return { pathMac: mac('path').slice(0, 32), secretToken: mac('secret-token') };
}

export function webhookPath(target: WebhookTarget, credentials: WebhookCredentials): string {
  if (target.kind === 'mother') return `${WEBHOOK_PATH_PREFIX}m/${credentials.pathMac}`;
  if (!CLONE_ID_PATTERN.test(target.cloneId)) throw new WebhookAddressError('a clone id is 12 hex digits', { cloneId: target.cloneId });
  return `${WEBHOOK_PATH_PREFIX}c/${target.cloneId}/${credentials.pathMac}`;
}

/** The URL given to `setWebhook`: the host's public base URL and the bot's path. */
export function webhookUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/**
 * Reads a request path (query string allowed, ignored). `undefined` for anything that is not
 * exactly one of the two shapes: the ingress answers 404 without computing a MAC.
 */
export function parseWebhookPath(path: string): { target: WebhookTarget; pathMac: string } | undefined {
  const bare = path.split('?', 1)[0]!;
  const parts = bare.split('/');
  // ['', 'tg', 'm', mac] or ['', 'tg', 'c', cloneId, mac]
  if (parts[0] !== '' || parts[1] !== 'tg') return undefined;
  if (parts.length === 4 && parts[2] === 'm' && MAC.test(parts[3]!)) return { target: { kind: 'mother' }, pathMac: parts[3]! };
  if (parts.length === 5 && parts[2] === 'c' && CLONE_ID_PATTERN.test(parts[3]!) && MAC.test(parts[4]!)) {
    return { target: { kind: 'clone', cloneId: parts[3]! }, pathMac: parts[4]! };
  }
  return undefined;
}

/** Constant-time comparison of two strings of any length (a length mismatch is just false). */
export function sameSecret(expected: string, got: string | undefined): boolean {
  if (typeof got !== 'string') return false;
  const a = createHmac('sha256', SALT).update(expected).digest();
  const b = createHmac('sha256', SALT).update(got).digest();
  return timingSafeEqual(a, b) && expected.length === got.length;
}

/**
 * What the ingress and a worker check on every request: the path's MAC, then the secret header.
 * `not-found` for a wrong MAC (as for an unknown path), `unauthorized` for a wrong secret.
 */
export function checkWebhookRequest(expected: WebhookCredentials, pathMac: string, secretHeader: string | undefined): 'ok' | 'not-found' | 'unauthorized' {
  if (!sameSecret(expected.pathMac, pathMac)) return 'not-found';
  if (!sameSecret(expected.secretToken, secretHeader)) return 'unauthorized';
  return 'ok';
}

/** Unix sockets have a path limit of 108 bytes on Linux (107 and a NUL). */
const MAX_SOCKET_PATH = 107;

/**
 * The local socket a clone worker takes its webhook updates on, behind the host's ingress:
 * under the data folder (0700), so nothing off the host, and no other user on it, can reach a
 * worker directly. Derived from the clone id, so the manager, the ingress and the worker agree
 * without recording a port; a restarted worker takes the same path.
 */
export function workerSocketPath(dataDir: string, cloneId: string): string {
  if (!CLONE_ID_PATTERN.test(cloneId)) throw new WebhookAddressError('a clone id is 12 hex digits', { cloneId });
  const path = join(dataDir, 'run', `${cloneId}.sock`);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    throw new WebhookAddressError(`DATA_DIR is too long for a worker's socket in webhook mode (${Buffer.byteLength(path)} of ${MAX_SOCKET_PATH} bytes); use a shorter DATA_DIR`, { dataDir });
  }
  return path;
}
