import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The right to the next pages of a batch link, carried in the page button itself: the page
 * button's data holds the link, the page, an expiry and an HMAC of them together with the id of
 * the user who opened the link through the gate (force-subscribe, verification, quota). A press
 * by anyone else, a page or code changed by hand, or a button past its expiry fails the check
 * and sends nothing.
 *
 * Nothing is stored: the key is derived from the clone's key, so buttons keep working across a
 * worker restart. A worker without a clone key (tests, old workers) uses a random key of its
 * own process, so after a restart its buttons are refused ("open the link again"), never
 * honoured blindly.
 */

/** How long the pages of one opening may be fetched: the opening was checked once, this long ago at most. */
export const PAGE_GRANT_TTL_MS = 60 * 60_000;

/** The signed fields of a page button. `expires` is in Unix seconds. */
export interface PageGrant {
  code: string;
  page: number;
  expires: number;
  sig: string;
}

const SALT = Buffer.from('clone-batch-pages-v1', 'utf8');
/** 12 bytes of HMAC-SHA256 (96 bits): 16 characters of base64url, so the data stays within 64 bytes. */
const MAC_BYTES = 12;

export class BatchPageGrants {
  private readonly key: Buffer;

  constructor(cloneKey: Buffer | undefined, cloneId: string) {
    this.key = cloneKey ? Buffer.from(hkdfSync('sha256', cloneKey, SALT, Buffer.from(cloneId, 'utf8'), 32)) : randomBytes(32);
  }

  /** A grant for `userId` to fetch `page` of `code`, valid until `expires` (Unix seconds). */
  issue(userId: number, code: string, page: number, expires: number): PageGrant {
    return { code, page, expires, sig: this.mac(userId, code, page, expires) };
  }

  /** True when the grant was issued to `userId` by this clone and has not expired. */
  verify(userId: number, grant: PageGrant, now = Date.now()): boolean {
    if (grant.expires * 1000 <= now) return false;
    const expected = Buffer.from(this.mac(userId, grant.code, grant.page, grant.expires), 'utf8');
    const got = Buffer.from(grant.sig, 'utf8');
    return got.length === expected.length && timingSafeEqual(got, expected);
  }

  private mac(userId: number, code: string, page: number, expires: number): string {
    return createHmac('sha256', this.key).update(`bp|${userId}|${code}|${page}|${expires}`).digest().subarray(0, MAC_BYTES).toString('base64url');
  }
}
