import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';

/**
 * Link-verification tokens of a clone: `verify-<token>` in a `t.me/<bot>?start=` deep link.
 * The token binds a user id, an expiry and a one-time nonce, signed with HMAC-SHA256 under a
 * key derived from the clone's own key (never the key itself, so a token says nothing usable
 * about the key that seals the bot token). It is 44 base64url characters: with the `verify-`
 * prefix, 51 of the 64 a start parameter may carry.
 *
 * Layout (33 bytes): version 1 | user id 8 | expiry (unix seconds) 4 | nonce 8 | HMAC 12.
 */
export const VERIFY_PREFIX = 'verify-';
const VERSION = 1;
const BODY = 21;
const MAC = 12;
const SALT = Buffer.from('motherbot/link-verification/v1');

export interface VerificationClaims {
  userId: number;
  expiresAt: Date;
  /** base64url; matched against the user's pending verification to make the token one-time. */
  nonce: string;
}

/** Why a token was refused. The bot answers each with its own message and a fresh button. */
export type VerificationFailure = 'malformed' | 'forged' | 'foreign' | 'expired';

export class VerificationTokenError extends AppError {
  constructor(readonly reason: VerificationFailure) {
    super('VERIFICATION_TOKEN', `verification token refused: ${reason}`, { reason });
  }
}

/** The HMAC key of a clone's verification tokens, derived (HKDF-SHA256) from the clone's key. */
export function deriveVerificationKey(cloneKey: Buffer, cloneId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', cloneKey, SALT, Buffer.from(cloneId, 'utf8'), 32));
}

const mac = (key: Buffer, body: Buffer): Buffer => createHmac('sha256', key).update(body).digest().subarray(0, MAC);

/** A new token for a user (the nonce is random); returns the token and its claims. */
export function issueVerificationToken(key: Buffer, userId: number, expiresAt: Date): { token: string; claims: VerificationClaims } {
  const body = Buffer.alloc(BODY);
  body.writeUInt8(VERSION, 0);
  body.writeBigUInt64BE(BigInt(userId), 1);
  body.writeUInt32BE(Math.floor(expiresAt.getTime() / 1000), 9);
  const nonce = randomBytes(8);
  nonce.copy(body, 13);
  const token = Buffer.concat([body, mac(key, body)]).toString('base64url');
  return { token, claims: { userId, expiresAt: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000), nonce: nonce.toString('base64url') } };
}

/**
 * Checks a token for the user who sent it: shape, signature (constant time), owner, expiry, in
 * that order. Whether it was already used is the caller's check (the nonce against the pending one).
 * Throws {@link VerificationTokenError}.
 */
export function checkVerificationToken(key: Buffer, token: string, userId: number, now: Date = new Date()): VerificationClaims {
  if (!/^[A-Za-z0-9_-]{44}$/.test(token)) throw new VerificationTokenError('malformed');
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== BODY + MAC || raw.readUInt8(0) !== VERSION) throw new VerificationTokenError('malformed');
  const body = raw.subarray(0, BODY);
  if (!timingSafeEqual(raw.subarray(BODY), mac(key, body))) throw new VerificationTokenError('forged');
  const owner = Number(body.readBigUInt64BE(1));
  if (owner !== userId) throw new VerificationTokenError('foreign');
  const expiresAt = new Date(body.readUInt32BE(9) * 1000);
  if (expiresAt.getTime() <= now.getTime()) throw new VerificationTokenError('expired');
  return { userId: owner, expiresAt, nonce: body.subarray(13, 21).toString('base64url') };
}
