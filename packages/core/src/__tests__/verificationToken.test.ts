import { randomBytes } from 'node:crypto';
import { checkVerificationToken, deriveVerificationKey, issueVerificationToken, VERIFY_PREFIX, VerificationTokenError, type VerificationFailure } from '../crypto/verificationToken';

const CLONE_KEY = randomBytes(32);
const KEY = deriveVerificationKey(CLONE_KEY, 'aaaaaaaaaaaa');
const USER = 5_123_456_789;
const inAnHour = () => new Date(Date.now() + 3_600_000);

const reasonOf = (fn: () => unknown): VerificationFailure => {
  try {
    fn();
  } catch (error) {
    if (error instanceof VerificationTokenError) return error.reason;
    throw error;
  }
  throw new Error('the token was accepted');
};

describe('link-verification tokens', () => {
  it('fit a start parameter and carry the user, expiry and nonce', () => {
    const { token, claims } = issueVerificationToken(KEY, USER, inAnHour());
    expect(`${VERIFY_PREFIX}${token}`.length).toBeLessThanOrEqual(64);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(checkVerificationToken(KEY, token, USER)).toEqual(claims);
  });

  it('are not the clone key itself, and differ per clone', () => {
    expect(KEY.equals(CLONE_KEY)).toBe(false);
    expect(deriveVerificationKey(CLONE_KEY, 'bbbbbbbbbbbb').equals(KEY)).toBe(false);
  });

  it('refuse another user, a forged or tampered token, an expired one and junk', () => {
    const { token } = issueVerificationToken(KEY, USER, inAnHour());
    expect(reasonOf(() => checkVerificationToken(KEY, token, USER + 1))).toBe('foreign');
    const raw = Buffer.from(token, 'base64url');
    raw[5] = (raw[5] ?? 0) ^ 1; // the user id changed: the signature no longer matches
    expect(reasonOf(() => checkVerificationToken(KEY, raw.toString('base64url'), USER))).toBe('forged');
    const other = issueVerificationToken(deriveVerificationKey(randomBytes(32), 'aaaaaaaaaaaa'), USER, inAnHour()).token;
    expect(reasonOf(() => checkVerificationToken(KEY, other, USER))).toBe('forged');
    const old = issueVerificationToken(KEY, USER, new Date(Date.now() - 1000)).token;
    expect(reasonOf(() => checkVerificationToken(KEY, old, USER))).toBe('expired');
    for (const junk of ['', 'x', token.slice(1), `${token}A`, '!'.repeat(44)]) expect(reasonOf(() => checkVerificationToken(KEY, junk, USER))).toBe('malformed');
  });
});
