import { cb, decodeReferral, MAX_CALLBACK_BYTES } from '../callbackData';
import { referralCode, referrerOfCode } from '../../services/referrals';

describe('referral codes and buttons', () => {
  it('turns a user id into a short code and back', () => {
    for (const id of [1, 777, 7_000_000_123, Number.MAX_SAFE_INTEGER]) expect(referrerOfCode(referralCode(id))).toBe(id);
  });

  it.each(['', '0', 'ABC', 'a-b', '<b>', 'zzzzzzzzzzzzz'])('refuses the code %p', (code) => {
    expect(referrerOfCode(code)).toBeUndefined();
  });

  it('decodes what it encodes, within 64 bytes', () => {
    const pick = cb.referralPick(9_007_199_254_740_991);
    const use = cb.referralUse(9_007_199_254_740_991, '0123456789ab');
    expect(Buffer.byteLength(use)).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
    expect(decodeReferral(pick)).toEqual({ action: 'pick', referredId: 9_007_199_254_740_991 });
    expect(decodeReferral(use)).toEqual({ action: 'use', referredId: 9_007_199_254_740_991, cloneId: '0123456789ab' });
  });

  it.each(['r:pick', 'r:pick:0', 'r:pick:-1', 'r:pick:12:0123456789ab', 'r:use:12', 'r:use:12:zz', 'r:use:12:0123456789ab:x', 'r:nuke:12', 'c:pick:12', 'r:pick:99999999999999999'])(
    'refuses %p',
    (data) => expect(decodeReferral(data)).toBeUndefined(),
  );
});
