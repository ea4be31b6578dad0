import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PremiumOffer } from '@motherbot/core';

/** What a premium invoice sells, to whom: everything the payment credits, signed. */
export interface PremiumInvoiceTerms {
  offerId: number;
  days: number;
  stars: number;
  userId: number;
}

const TAG = 'pm1';
const SIG_BYTES = 16;

/**
 * The payload of the clone's premium invoices: `pm1:<offerId>:<days>:<stars>:<userId>:<sig>`
 * (under 80 bytes; Telegram allows 128). The signature is an HMAC under a key derived from the
 * bot token: whoever could forge it holds the token, and could answer the pre-checkout as well.
 * A payload that does not verify (made by hand, altered, or signed before a token change) is
 * refused at pre-checkout.
 */
export class PremiumInvoices {
  private readonly key: Buffer;

  constructor(botToken: string) {
    this.key = createHmac('sha256', botToken).update('clone premium invoice payload').digest();
  }

  payloadFor(offer: PremiumOffer, userId: number): string {
    const body = [TAG, offer.id, offer.days, offer.stars, userId].join(':');
    return `${body}:${this.sign(body)}`;
  }

  /** The terms of a payload this bot signed, or null for anything else. */
  read(payload: string): PremiumInvoiceTerms | null {
    const parts = payload.split(':');
    if (parts.length !== 6 || parts[0] !== TAG || !parts.slice(1, 5).every((p) => /^\d{1,15}$/.test(p))) return null;
    const sig = Buffer.from(parts[5]!, 'base64url');
    const expected = Buffer.from(this.sign(parts.slice(0, 5).join(':')), 'base64url');
    if (sig.length !== expected.length || !timingSafeEqual(sig, expected)) return null;
    const [offerId, days, stars, userId] = parts.slice(1, 5).map(Number) as [number, number, number, number];
    return { offerId, days, stars, userId };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, SIG_BYTES).toString('base64url');
  }
}

/** Whether `offer` is still sold on the terms of an invoice (the owner may have changed or removed it). */
export const offerStillMatches = (offer: PremiumOffer | undefined, terms: PremiumInvoiceTerms): boolean =>
  offer !== undefined && offer.days === terms.days && offer.stars === terms.stars;
