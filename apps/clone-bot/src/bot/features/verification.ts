import { Composer, type Context } from 'telegraf';
import { localeOf } from '@motherbot/bot-kit';
import { checkVerificationToken, VerificationTokenError, VERIFY_PREFIX, type VerificationFailure } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import type { OpenLink } from './deliver';
import type { LinkGate } from './linkGate';
import { tr, type CloneTextKey } from '../../i18n/texts';

/** The catalog key of each refusal. */
const REFUSED: Record<VerificationFailure | 'used', CloneTextKey> = {
  malformed: 'verification.malformed',
  forged: 'verification.forged',
  foreign: 'verification.foreign',
  expired: 'verification.expired',
  used: 'verification.used',
};

/**
 * `/start verify-<token>`: the user comes back from the shortener. A valid token of this user,
 * matching their pending one, verifies them for the owner's window and delivers the link they
 * asked for. Anything else is told what went wrong and, when a link is waiting, gets a fresh button.
 */
export function verificationFeature(rt: CloneRuntime, gate: LinkGate, openLink: OpenLink): Composer<Context> {
  const composer = new Composer<Context>();
  composer.start(async (ctx, next) => {
    if (!ctx.payload.startsWith(VERIFY_PREFIX)) return next();
    const userId = ctx.from.id;
    const key = gate.tokenKey;
    const t = tr(ctx);
    const say = (text: string): Promise<unknown> => ctx.reply(text).catch(() => undefined);
    if (!key) return void (await say(t('verification.notAvailable')));
    const now = new Date();
    let refusal: VerificationFailure | 'used' | null = null;
    let nonce = '';
    try {
      nonce = checkVerificationToken(key, ctx.payload.slice(VERIFY_PREFIX.length), userId, now).nonce;
    } catch (error) {
      if (!(error instanceof VerificationTokenError)) throw error;
      refusal = error.reason;
    }
    const access = await rt.data.access.get(userId);
    const pending = access?.pending ?? null;
    if (!refusal && (!pending || pending.nonce !== nonce)) refusal = 'used';
    if (refusal || !pending) {
      const verified = access?.verifiedUntil && new Date(access.verifiedUntil).getTime() > now.getTime();
      const reason = t(REFUSED[refusal ?? 'used']);
      if (verified) return void (await say(t('verification.alreadyVerified', { reason })));
      if (!pending) return void (await say(t('verification.openAgain', { reason })));
      await say(t('verification.hereIsNew', { reason }));
      // The link they were waiting for, through the gate again: a fresh button (or the file, if verification was turned off).
      await openLink(userId, pending.code, { locale: localeOf(ctx) });
      return;
    }
    const s = await rt.settings.get();
    const until = new Date(now.getTime() + s.verifyWindowHours * 3_600_000);
    await rt.data.access.markVerified(userId, until);
    await say(t('verification.verified', { count: s.verifyWindowHours }));
    await openLink(userId, pending.code, { locale: localeOf(ctx) });
  });
  return composer;
}
