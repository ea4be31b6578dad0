import { Markup } from 'telegraf';
import { deriveVerificationKey, escapeHtml, issueVerificationToken, VERIFY_PREFIX, type CloneSettingsDoc, type UserAccessDoc } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import { cb } from '../services/callbackData';
import { shortenUrl, ShortenerError } from '../services/shortener';
import { shortenerOf } from '../services/shortenerSettings';
import { utcDay } from '../../data/userAccess';

/** How long a verify button stays valid. */
const TOKEN_TTL_MS = 60 * 60_000;
/** A pending button with less than this left is replaced by a fresh one instead of being shown again. */
const REUSE_MARGIN_MS = 5 * 60_000;

export const VERIFY_UNAVAILABLE = 'Verification is not available right now. Please try again in a few minutes.';

/** What the gate decided: deliver (and count it against the quota when `countQuota`), or stop (the user was answered). */
export type GateVerdict = { deliver: true; countQuota: boolean; access: UserAccessDoc | null } | { deliver: false };

/** "in 5 hours 12 minutes" until the next UTC midnight. */
export function untilNextUtcDay(now: Date): string {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const minutes = Math.max(1, Math.ceil((next - now.getTime()) / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const part = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  return h > 0 ? (m > 0 ? `${part(h, 'hour')} ${part(m, 'minute')}` : part(h, 'hour')) : part(m, 'minute');
}

/**
 * Link verification and the daily quota, in front of every file delivery. With both off it costs
 * nothing but the cached settings; otherwise a premium check (cached point read) and one point
 * read of the user's access document. The shortener's failure is told to the owner once per
 * cooldown, not once per user, and then handled as the owner chose.
 */
export class LinkGate {
  private readonly key: Buffer | undefined;
  private ownerWarnedAt = 0;

  constructor(private readonly rt: CloneRuntime) {
    this.key = rt.deps.cloneKey ? deriveVerificationKey(rt.deps.cloneKey, rt.deps.cloneId) : undefined;
  }

  /** The HMAC key of verification tokens (undefined when the worker has no clone key). */
  get tokenKey(): Buffer | undefined {
    return this.key;
  }

  /** `s`: the settings the caller already read for this delivery. */
  async check(userId: number, code: string, s: CloneSettingsDoc): Promise<GateVerdict> {
    if (!s.verifyEnabled && s.dailyFileQuota <= 0) return { deliver: true, countQuota: false, access: null };
    if (await this.rt.isManager(userId)) return { deliver: true, countQuota: false, access: null };
    // Both point reads at once: the premium one is usually a miss, and waiting for it first doubles the delay.
    const [premium, access] = await Promise.all([this.rt.data.premium.isPremium(userId), this.rt.data.access.get(userId)]);
    if (premium) return { deliver: true, countQuota: false, access: null };
    const now = new Date();
    if (s.dailyFileQuota > 0 && access?.quotaDay === utcDay(now) && access.quotaCount >= s.dailyFileQuota) {
      const files = s.dailyFileQuota === 1 ? '1 file' : `${s.dailyFileQuota} files`;
      await this.say(userId, `You have reached today's limit of ${files}. Your next file is available in ${untilNextUtcDay(now)} (at midnight UTC).`);
      return { deliver: false };
    }
    if (s.verifyEnabled && !(access?.verifiedUntil && access.verifiedUntil.getTime() > now.getTime())) {
      const offered = await this.offerVerification(userId, code, s, access, now);
      if (offered !== 'deliver') return { deliver: false };
    }
    return { deliver: true, countQuota: s.dailyFileQuota > 0, access };
  }

  /** Counts one delivered link against today's quota (after the files went out). */
  async countDelivery(userId: number, access: UserAccessDoc | null): Promise<void> {
    const day = utcDay(new Date());
    const count = access?.quotaDay === day ? access.quotaCount + 1 : 1;
    await this.rt.data.access.setQuota(userId, day, count);
  }

  /**
   * Sends the verify button for `code`: the pending one again while it is valid (one shortener
   * call per token), else a new token through the shortener. 'deliver' when the shortener failed
   * and the owner chose to give files anyway.
   */
  async offerVerification(userId: number, code: string, s: CloneSettingsDoc, access: UserAccessDoc | null, now = new Date()): Promise<'shown' | 'deliver' | 'unavailable'> {
    let pending = access?.pending ?? null;
    if (pending && new Date(pending.expiresAt).getTime() - now.getTime() > REUSE_MARGIN_MS) {
      if (pending.code !== code) {
        pending = { ...pending, code };
        await this.rt.data.access.setPending(userId, pending);
      }
    } else {
      const shortener = shortenerOf(s, this.rt.deps.cloneKey, this.rt.deps.cloneId);
      if (!this.key || !shortener) return this.shortenerFailed(userId, code, s, 'no shortener is set (or its key cannot be read)');
      const { token, claims } = issueVerificationToken(this.key, userId, new Date(now.getTime() + TOKEN_TTL_MS));
      let shortUrl: string;
      try {
        shortUrl = await shortenUrl(shortener, `https://t.me/${this.rt.deps.botUsername}?start=${VERIFY_PREFIX}${token}`, this.rt.deps.shortenerTimeoutMs);
      } catch (error) {
        if (!(error instanceof ShortenerError)) throw error;
        return this.shortenerFailed(userId, code, s, error.message);
      }
      pending = { nonce: claims.nonce, expiresAt: claims.expiresAt, code, shortUrl };
      await this.rt.data.access.setPending(userId, pending);
    }
    const rows = [[Markup.button.url('✅ Verify', pending.shortUrl)]];
    if (s.verifyTutorialUrl) rows.push([Markup.button.url('❓ How to verify', s.verifyTutorialUrl)]);
    const window = `${s.verifyWindowHours} hour${s.verifyWindowHours === 1 ? '' : 's'}`;
    await this.rt.telegram
      .sendMessage(userId, `🔐 Please verify first: press "Verify", pass the short link, and you come back here with your file. One verification lasts ${window}.`, Markup.inlineKeyboard(rows))
      .catch(() => undefined);
    return 'shown';
  }

  private async shortenerFailed(userId: number, code: string, s: CloneSettingsDoc, why: string): Promise<'deliver' | 'unavailable'> {
    await this.warnOwner(why);
    if (s.shortenerFailMode === 'deliver') return 'deliver';
    await this.rt.telegram.sendMessage(userId, VERIFY_UNAVAILABLE, Markup.inlineKeyboard([[Markup.button.callback('🔄 Try again', cb.retry(code))]])).catch(() => undefined);
    return 'unavailable';
  }

  private async warnOwner(why: string): Promise<void> {
    const cooldown = this.rt.deps.ownerWarningCooldownMs ?? 3_600_000;
    if (Date.now() - this.ownerWarnedAt < cooldown) return;
    this.ownerWarnedAt = Date.now();
    this.rt.deps.logger.warn('link verification: shortener failed', { why });
    const s = await this.rt.settings.get();
    const then = s.shortenerFailMode === 'deliver' ? 'users get their files without verification' : 'users are asked to try again later';
    const text = `⚠️ Link verification: your shortener failed (<i>${escapeHtml(why)}</i>).\nUntil it works again, ${then}. Check it in /settings → Verification.`;
    await this.rt.telegram.sendMessage(this.rt.deps.ownerId, text, { parse_mode: 'HTML' }).catch(() => undefined);
  }

  private say(userId: number, text: string): Promise<unknown> {
    return this.rt.telegram.sendMessage(userId, text).catch(() => undefined);
  }
}
