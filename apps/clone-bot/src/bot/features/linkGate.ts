import { Markup } from 'telegraf';
import { DEFAULT_LOCALE, deriveVerificationKey, escapeHtml, issueVerificationToken, VERIFY_PREFIX, type CloneSettingsDoc, type UserAccessDoc } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import { cb } from '../services/callbackData';
import { ShortenerError } from '../services/shortener';
import { ShortenerCircuit } from '../services/shortenerCircuit';
import { shortenerOf } from '../services/shortenerSettings';
import { shortenerFailureText } from '../services/shortenerFailureText';
import { utcDay } from '../../data/userAccess';
import { textsFor } from '../services/recipientTexts';
import { personFor } from '../services/ownerTexts';
import { fillPersonHtml } from '../welcomeText';
import { isBlankHtml } from '../services/entitiesToHtml';
import { cloneTexts, type CloneTranslate } from '../../i18n/texts';

/** How long a verify button stays valid. */
const TOKEN_TTL_MS = 60 * 60_000;
/** A pending button with less than this left is replaced by a fresh one instead of being shown again. */
const REUSE_MARGIN_MS = 5 * 60_000;

/** What a user is told when the shortener failed and the owner chose "try again" (English; the user gets their language). */
export const VERIFY_UNAVAILABLE = cloneTexts.t(DEFAULT_LOCALE, 'verification.unavailable');

/** What the gate decided: deliver (and count it against the quota when `countQuota`), or stop (the user was answered). */
export type GateVerdict = { deliver: true; countQuota: boolean; access: UserAccessDoc | null } | { deliver: false };

/** "5 hours 12 minutes" until the next UTC midnight, in `t`'s language. */
export function untilNextUtcDay(now: Date, t: CloneTranslate = cloneTexts.forLocale(DEFAULT_LOCALE)): string {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const minutes = Math.max(1, Math.ceil((next - now.getTime()) / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const hours = t('verification.hours', { count: h });
  const mins = t('verification.minutes', { count: m });
  return h > 0 ? (m > 0 ? `${hours} ${mins}` : hours) : mins;
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
  /** The owner's shortener, not asked while it keeps failing. */
  readonly shortener: ShortenerCircuit;

  constructor(private readonly rt: CloneRuntime) {
    this.key = rt.deps.cloneKey ? deriveVerificationKey(rt.deps.cloneKey, rt.deps.cloneId) : undefined;
    this.shortener = new ShortenerCircuit({ timeoutMs: rt.deps.shortenerTimeoutMs, allowInternal: rt.deps.shortenerAllowInternal }, rt.deps.shortenerCircuit);
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
      const t = textsFor(this.rt, userId);
      await this.say(userId, t('verification.quotaReached', { count: s.dailyFileQuota, until: untilNextUtcDay(now, t) }));
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
      if (!this.key || !shortener) return this.shortenerFailed(userId, code, s, null);
      const { token, claims } = issueVerificationToken(this.key, userId, new Date(now.getTime() + TOKEN_TTL_MS));
      let shortUrl: string;
      try {
        shortUrl = await this.shortener.shorten(shortener, `https://t.me/${this.rt.deps.botUsername}?start=${VERIFY_PREFIX}${token}`);
      } catch (error) {
        if (!(error instanceof ShortenerError)) throw error;
        return this.shortenerFailed(userId, code, s, error);
      }
      pending = { nonce: claims.nonce, expiresAt: claims.expiresAt, code, shortUrl };
      await this.rt.data.access.setPending(userId, pending);
    }
    const t = textsFor(this.rt, userId);
    const rows = [[Markup.button.url(t('verification.verifyButton'), pending.shortUrl)]];
    if (s.verifyTutorialUrl) rows.push([Markup.button.url(t('verification.howButton'), s.verifyTutorialUrl)]);
    // The owner's own message (formatted, placeholders filled) or the bot's, in the user's language.
    const own = s.verifyHtml ? fillPersonHtml(s.verifyHtml, await personFor(this.rt, userId, s.verifyHtml)) : '';
    const text = isBlankHtml(own) ? escapeHtml(t('verification.pleaseVerify', { count: s.verifyWindowHours })) : own;
    await this.rt.telegram.sendMessage(userId, text, { parse_mode: 'HTML', ...Markup.inlineKeyboard(rows) }).catch(() => undefined);
    return 'shown';
  }

  private async shortenerFailed(userId: number, code: string, s: CloneSettingsDoc, error: ShortenerError | null): Promise<'deliver' | 'unavailable'> {
    await this.warnOwner(error);
    if (s.shortenerFailMode === 'deliver') return 'deliver';
    const t = textsFor(this.rt, userId);
    await this.rt.telegram.sendMessage(userId, t('verification.unavailable'), Markup.inlineKeyboard([[Markup.button.callback(t('verification.tryAgain'), cb.retry(code))]])).catch(() => undefined);
    return 'unavailable';
  }

  private async warnOwner(error: ShortenerError | null): Promise<void> {
    const cooldown = this.rt.deps.ownerWarningCooldownMs ?? 3_600_000;
    if (Date.now() - this.ownerWarnedAt < cooldown) return;
    this.ownerWarnedAt = Date.now();
    this.rt.deps.logger.warn('link verification: shortener failed', { why: error?.message ?? 'no shortener is set (or its key cannot be read)' });
    const s = await this.rt.settings.get();
    const t = textsFor(this.rt, this.rt.deps.ownerId);
    const text = t('verification.ownerShortenerFailed', { why: escapeHtml(shortenerFailureText(t, error)), then: t(s.shortenerFailMode === 'deliver' ? 'verification.thenDeliver' : 'verification.thenRetry') });
    await this.rt.telegram.sendMessage(this.rt.deps.ownerId, text, { parse_mode: 'HTML' }).catch(() => undefined);
  }

  private say(userId: number, text: string): Promise<unknown> {
    return this.rt.telegram.sendMessage(userId, text).catch(() => undefined);
  }
}
