import { Composer, type Context, type Telegram } from 'telegraf';
import { AppError, escapeHtml } from '@motherbot/core';
import { answerCallback, button, callbackData, type Rows } from '@motherbot/bot-kit';
import type { EarnedReward, RecordOutcome } from '../../services/referrals';
import { REFERRAL_PREFIX, referralCode } from '../../services/referrals';
import { cb, decodeReferral } from '../callbackData';
import type { MotherBotDeps } from '../context';
import { fmtDate } from '../format';
import { Callback } from '../keyboards';
import { show, STALE_BUTTON } from '../screen';

/** The referral link of `userId` on the mother bot `motherUsername`. */
export const referralLink = (motherUsername: string, userId: number): string => `https://t.me/${motherUsername}?start=${REFERRAL_PREFIX}${referralCode(userId)}`;

/** What the person who opened a referral link is told (nothing when it counted: the greeting says enough). */
export const REFERRAL_OUTCOME_NOTE: Record<RecordOutcome, string> = {
  recorded: '🎁 You came through a friend\'s link: when you pay for your first plan, they get free days.',
  off: '',
  invalid: 'That referral link is not valid.',
  self: 'That is your own referral link: share it with others.',
  already_referred: '',
  existing_owner: 'Referral links are for new owners: you already have a clone.',
};

/** Tells a referrer they earned a reward, with their clones to pick from. Never throws. */
export async function announceReward(telegram: Telegram, deps: MotherBotDeps, reward: EarnedReward): Promise<void> {
  try {
    await telegram.sendMessage(
      reward.referrerId,
      `🎁 An owner you referred just paid for a plan: you earned ${reward.days} free days.\nSend /referral to pick the clone that gets them.`,
      { reply_markup: { inline_keyboard: [[{ text: `🎁 Use ${reward.days} free days`, callback_data: cb.referralPick(reward.referredId) }]] } },
    );
  } catch (error) {
    deps.logger.warn('referral reward message not delivered', { referrerId: reward.referrerId, error: (error as Error).message });
  }
}

/**
 * `/referral`: the owner's link, how many owners it brought, and the rewards waiting to be
 * used, each spent on a clone the referrer picks (`r:pick`, then `r:use`). Every press is
 * re-checked by the referral service against the presser.
 */
export function referralFeature(deps: MotherBotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { referrals } = deps.services;

  const screen = async (ctx: Context, note?: string): Promise<void> => {
    const userId = ctx.from!.id;
    if (!referrals.enabled) {
      await show(ctx, `${note ? `${note}\n\n` : ''}Referrals are switched off on this platform.`, [[button('🤖 My clones', Callback.myClones)]]);
      return;
    }
    const { referred, rewards } = await referrals.summary(userId);
    const lines = [
      ...(note ? [note, ''] : []),
      '🎁 <b>Invite owners</b>',
      `Share your link. When an owner who joins through it pays for their first plan, you get ${referrals.rewardDays} free days on a clone of your choice.`,
      '',
      `<code>${escapeHtml(referralLink(ctx.botInfo.username, userId))}</code>`,
      '',
      `Owners who joined through your link: ${referred}`,
      rewards.length ? `Rewards waiting to be used: ${rewards.length}` : 'No reward waiting.',
    ];
    const rows: Rows = rewards.slice(0, 5).map((r) => [button(`🎁 Use ${r.rewardDays} free days`, cb.referralPick(Number(r._id)))]);
    rows.push([button('🤖 My clones', Callback.myClones)]);
    await show(ctx, lines.join('\n'), rows);
  };

  composer.command('referral', async (ctx) => screen(ctx));

  composer.action(/^r:/, async (ctx) => {
    const decoded = decodeReferral(callbackData(ctx));
    if (!decoded) return answerCallback(ctx, STALE_BUTTON);
    const userId = ctx.from!.id;
    try {
      if (decoded.action === 'pick') {
        const { rewards } = await referrals.summary(userId);
        const reward = rewards.find((r) => Number(r._id) === decoded.referredId);
        if (!reward) return answerCallback(ctx, STALE_BUTTON);
        const views = await deps.services.clones.listOwned(userId);
        await answerCallback(ctx);
        if (views.length === 0) return show(ctx, 'You have no clone to give the free days to yet. Create one, then come back with /referral.', [[button('➕ Create a clone', Callback.newClone)]]);
        const rows: Rows = views.map((v) => [button(`@${v.clone.botUsername}`, cb.referralUse(decoded.referredId, v.clone._id))]);
        return show(ctx, `Which clone gets the ${reward.rewardDays} free days?`, rows);
      }
      const applied = await referrals.apply(userId, decoded.referredId, decoded.cloneId!);
      await answerCallback(ctx, `+${applied.days} days`);
      return screen(ctx, `✅ @${escapeHtml(applied.botUsername)} got ${applied.days} free days: it now runs until ${fmtDate(applied.extension.expiresAt)}.`);
    } catch (error) {
      if (error instanceof AppError) return answerCallback(ctx, STALE_BUTTON);
      throw error;
    }
  });
  return composer;
}
