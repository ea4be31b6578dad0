import { randomBytes } from 'node:crypto';
import { BatchPageGrants, PAGE_GRANT_TTL_MS } from '../batchPageGrants';
import { cb, parseCallbackData } from '../callbackData';

describe('batch page grants: signed for one user, one link, one page, until an expiry', () => {
  const cloneKey = randomBytes(32);
  const code = 'b_AAAAAAAAAAAAAAAA';
  const now = Date.UTC(2026, 10, 30, 12, 0, 0);
  const expires = Math.floor((now + PAGE_GRANT_TTL_MS) / 1000);

  it('round-trips through button data of at most 64 bytes and verifies for its user only', () => {
    const grants = new BatchPageGrants(cloneKey, 'clone-1');
    const data = cb.batchPage(grants.issue(42, code, 19, expires));
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    const action = parseCallbackData(data);
    expect(action).toMatchObject({ type: 'batchPage', code, page: 19, expires });
    if (action?.type !== 'batchPage') throw new Error('not a page action');
    expect(grants.verify(42, action, now)).toBe(true);
    expect(grants.verify(43, action, now)).toBe(false);
    expect(grants.verify(42, { ...action, page: 18 }, now)).toBe(false);
    expect(grants.verify(42, { ...action, code: 'b_BBBBBBBBBBBBBBBB' }, now)).toBe(false);
    expect(grants.verify(42, { ...action, expires: expires + 3600 }, now)).toBe(false);
    expect(grants.verify(42, action, expires * 1000)).toBe(false);
  });

  it('survives a restart with the same clone key; another clone, or a worker without a key, refuses it', () => {
    const grant = new BatchPageGrants(cloneKey, 'clone-1').issue(42, code, 1, expires);
    expect(new BatchPageGrants(cloneKey, 'clone-1').verify(42, grant, now)).toBe(true);
    expect(new BatchPageGrants(cloneKey, 'clone-2').verify(42, grant, now)).toBe(false);
    const keyless = new BatchPageGrants(undefined, 'clone-1');
    expect(keyless.verify(42, keyless.issue(42, code, 1, expires), now)).toBe(true);
    expect(new BatchPageGrants(undefined, 'clone-1').verify(42, keyless.issue(42, code, 1, expires), now)).toBe(false);
  });

  it('parses only well-formed page data', () => {
    const sig = 'A'.repeat(16);
    for (const bad of [`bp:${code}:0:abc:${sig}`, `bp:f_AAAAAAAAAAAAAAAA:1:abc:${sig}`, `bp:${code}:1:ABC:${sig}`, `bp:${code}:1:abc:${sig}x`, `bp:${code}:1:abc`, `bp:${code}:1000:abc:${sig}`, `bp:${code}:-1:abc:${sig}`]) {
      expect(parseCallbackData(bad)).toBeNull();
    }
    expect(parseCallbackData(`bp:${code}:1:abc:${sig}`)).toEqual({ type: 'batchPage', code, page: 1, expires: parseInt('abc', 36), sig });
  });
});
