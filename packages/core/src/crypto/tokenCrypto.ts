import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../errors';

/** A token encrypted at rest. `v` names the scheme so that keys can be rotated later. */
export interface SealedToken {
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

/** Decryption failed: wrong key (another clone's, or a changed MASTER_KEY) or tampered data. */
export class TokenCryptoError extends AppError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('TOKEN_CRYPTO', message, context);
  }
}

const SALT = Buffer.from('motherbot/clone-token/v1');

/**
 * Derives the AES-256 key of one clone from the master key (HKDF-SHA256, the clone id as
 * `info`). A worker is given only its own derived key, so it can decrypt its own token and no
 * other: the master key never leaves the mother.
 */
export function deriveCloneKey(masterKey: string, cloneId: string): Buffer {
  if (!masterKey) throw new TokenCryptoError('no master key configured');
  return Buffer.from(hkdfSync('sha256', Buffer.from(masterKey, 'utf8'), SALT, Buffer.from(cloneId, 'utf8'), 32));
}

/** Encrypts a token with AES-256-GCM; the clone id is bound as associated data. */
export function sealToken(key: Buffer, cloneId: string, token: string): SealedToken {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(cloneId, 'utf8'));
  const data = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return { v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** Decrypts a sealed token; throws {@link TokenCryptoError} (never the token) on any mismatch. */
export function openToken(key: Buffer, cloneId: string, sealed: SealedToken): string {
  if (!sealed || sealed.v !== 1) throw new TokenCryptoError('unknown token encryption scheme', { cloneId });
  try {
    // authTagLength pins the full 16-byte tag: without it Node accepts a truncated tag (4 bytes
    // and up), which would make a forged token far cheaper (guarded by tokenCrypto.test.ts).
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(cloneId, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new TokenCryptoError('token cannot be decrypted with this key', { cloneId });
  }
}

/** The non-secret bot id of a token (`<id>:<secret>`), or undefined if it has no such shape. */
export function botIdOfToken(token: string): number | undefined {
  const match = /^(\d{1,20}):[A-Za-z0-9_-]{30,}$/.exec(token.trim());
  return match ? Number(match[1]) : undefined;
}
