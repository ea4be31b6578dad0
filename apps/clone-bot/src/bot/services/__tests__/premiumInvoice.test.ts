import { offerStillMatches, PremiumInvoices } from '../premiumInvoice';

describe('premium invoice payloads', () => {
  const invoices = new PremiumInvoices('123:token-of-this-clone');
  const offer = { id: 987654321, days: 30, stars: 100 };
  const payload = invoices.payloadFor(offer, 42);

  it('reads back the terms it signed, within Telegram\'s 128 bytes', () => {
    expect(invoices.read(payload)).toEqual({ offerId: 987654321, days: 30, stars: 100, userId: 42 });
    expect(Buffer.byteLength(invoices.payloadFor({ id: 2 ** 31 - 1, days: 3650, stars: 10_000 }, 999_999_999_999_999))).toBeLessThanOrEqual(128);
  });

  it('refuses any change of terms, a foreign key and malformed payloads', () => {
    const [tag, id, days, stars, user, sig] = payload.split(':');
    const altered = [
      [tag, id, '3650', stars, user, sig],
      [tag, id, days, '1', user, sig],
      [tag, id, days, stars, '43', sig],
      [tag, '1', days, stars, user, sig],
      [tag, id, days, stars, user, `${sig}A`],
      [tag, id, days, stars, user],
      ['pm2', id, days, stars, user, sig],
    ].map((parts) => parts.join(':'));
    for (const forged of [...altered, '', 'r1:abc:pro', `${payload}:extra`]) expect(invoices.read(forged)).toBeNull();
    expect(new PremiumInvoices('123:another-token').read(payload)).toBeNull();
  });

  it('matches an offer only on the same terms', () => {
    const terms = invoices.read(payload)!;
    expect(offerStillMatches(offer, terms)).toBe(true);
    expect(offerStillMatches({ ...offer, stars: 90 }, terms)).toBe(false);
    expect(offerStillMatches(undefined, terms)).toBe(false);
  });
});
