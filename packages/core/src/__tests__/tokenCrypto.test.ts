import { botIdOfToken, deriveCloneKey, openToken, sealToken, TokenCryptoError, type SealedToken } from '../crypto/tokenCrypto';

const MASTER = 'master-key-for-tests-only-0123456789';
const TOKEN = '123456789:AAFakeFakeFakeFakeFakeFakeFakeFake123';
const CLONE_A = 'aaaaaaaaaaaa';
const CLONE_B = 'bbbbbbbbbbbb';

/** Flips one bit of a base64 field, so the value stays well-formed but is no longer authentic. */
const flipBit = (b64: string): string => {
  const bytes = Buffer.from(b64, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytes.toString('base64');
};

/** Runs `fn`, expecting a TokenCryptoError, and returns it for further checks. */
const cryptoErrorOf = (fn: () => unknown): TokenCryptoError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TokenCryptoError);
    return error as TokenCryptoError;
  }
  throw new Error('expected a TokenCryptoError');
};

describe('token crypto', () => {
  const keyA = deriveCloneKey(MASTER, CLONE_A);

  it('derives a 32-byte key per clone, stable for the same inputs and different per clone', () => {
    expect(keyA).toHaveLength(32);
    expect(deriveCloneKey(MASTER, CLONE_A).equals(keyA)).toBe(true);
    expect(deriveCloneKey(MASTER, CLONE_B).equals(keyA)).toBe(false);
    expect(deriveCloneKey(`${MASTER}x`, CLONE_A).equals(keyA)).toBe(false);
  });

  it('refuses to derive a key without a master key', () => {
    expect(() => deriveCloneKey('', CLONE_A)).toThrow(TokenCryptoError);
  });

  it('round-trips a token, and the sealed form does not contain it', () => {
    const sealed = sealToken(keyA, CLONE_A, TOKEN);
    expect(sealed.v).toBe(1);
    expect(JSON.stringify(sealed)).not.toContain(TOKEN);
    expect(JSON.stringify(sealed)).not.toContain(TOKEN.split(':')[1]);
    expect(openToken(keyA, CLONE_A, sealed)).toBe(TOKEN);
  });

  it('uses a fresh IV each time, so the same token seals differently', () => {
    const one = sealToken(keyA, CLONE_A, TOKEN);
    const two = sealToken(keyA, CLONE_A, TOKEN);
    expect(one.iv).not.toBe(two.iv);
    expect(one.data).not.toBe(two.data);
  });

  it("cannot be opened with another clone's derived key, and the error never carries the token", () => {
    const sealed = sealToken(keyA, CLONE_A, TOKEN);
    const keyB = deriveCloneKey(MASTER, CLONE_B);
    const error = cryptoErrorOf(() => openToken(keyB, CLONE_A, sealed));
    expect(error.code).toBe('TOKEN_CRYPTO');
    const everything = `${error.message} ${JSON.stringify(error.context)} ${error.stack ?? ''}`;
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(TOKEN.split(':')[1]);
  });

  it.each<[string, (s: SealedToken) => SealedToken]>([
    ['ciphertext', (s) => ({ ...s, data: flipBit(s.data) })],
    ['auth tag', (s) => ({ ...s, tag: flipBit(s.tag) })],
    ['iv', (s) => ({ ...s, iv: flipBit(s.iv) })],
    ['truncated tag', (s) => ({ ...s, tag: Buffer.from(s.tag, 'base64').subarray(0, 4).toString('base64') })],
  ])('fails on a tampered %s', (_what, tamper) => {
    const sealed = sealToken(keyA, CLONE_A, TOKEN);
    cryptoErrorOf(() => openToken(keyA, CLONE_A, tamper(sealed)));
  });

  it('binds the clone id as associated data: the right key with another clone id fails', () => {
    // Even with the key that sealed it, a token moved to another clone's record does not open.
    const sealed = sealToken(keyA, CLONE_A, TOKEN);
    const error = cryptoErrorOf(() => openToken(keyA, CLONE_B, sealed));
    expect(error.context).toEqual({ cloneId: CLONE_B });
  });

  it('rejects an unknown scheme version or a missing value', () => {
    const sealed = sealToken(keyA, CLONE_A, TOKEN);
    cryptoErrorOf(() => openToken(keyA, CLONE_A, { ...sealed, v: 2 } as unknown as SealedToken));
    cryptoErrorOf(() => openToken(keyA, CLONE_A, undefined as unknown as SealedToken));
  });

  it.each<[string, number | undefined]>([
    [TOKEN, 123456789],
    [`  ${TOKEN}\n`, 123456789],
    ['7:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-_', 7],
    ['123456789:short', undefined],
    ['abc:AAFakeFakeFakeFakeFakeFakeFakeFake123', undefined],
    ['123456789AAFakeFakeFakeFakeFakeFakeFakeFake123', undefined],
    ['123456789:AAFake Fake FakeFakeFakeFakeFakeFake123', undefined],
    ['', undefined],
  ])('botIdOfToken(%j) is %p', (token, expected) => {
    expect(botIdOfToken(token)).toBe(expected);
  });
});
