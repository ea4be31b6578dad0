import { Composer, type Context } from 'telegraf';
import { checkVerificationToken, VerificationTokenError, VERIFY_PREFIX, type VerificationFailure } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import type { OpenLink } from './deliver';
import type { LinkGate } from './linkGate';

const REFUSED: Record<VerificationFailure | 'used', string> = {
  malformed: 'This verification link is damaged. Please use the "Verify" button again.',
  forged: 'This verification link is not valid. Please use the "Verify" button the bot gave you.',
  foreign: 'This verification link belongs to someone else. Verification links work only for the person who got them.',
  expired: 'This verification link has expired.',
  used: 'This verification link was already used.',
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
    const say = (text: string): Promise<unknown> => ctx.reply(text).catch(() => undefined);
    if (!key) return void (await say('Verification is not available in this bot right now.'));
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
      if (verified) return void (await say(`${REFUSED[refusal ?? 'used']} You are already verified: open your file link again to get it.`));
      if (!pending) return void (await say(`${REFUSED[refusal ?? 'used']} Open your file link again to get a new "Verify" button.`));
      await say(`${REFUSED[refusal ?? 'used']} Here is a new one:`);
      // The link they were waiting for, through the gate again: a fresh button (or the file, if verification was turned off).
      await openLink(userId, pending.code);
      return;
    }
    const s = await rt.settings.get();
    const until = new Date(now.getTime() + s.verifyWindowHours * 3_600_000);
    await rt.data.access.markVerified(userId, until);
    await say(`✅ Verified for ${s.verifyWindowHours} hour${s.verifyWindowHours === 1 ? '' : 's'}. Here is your file.`);
    await openLink(userId, pending.code);
  });
  return composer;
}
