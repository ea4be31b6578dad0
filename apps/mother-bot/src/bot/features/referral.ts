import { Composer, type Context, type Telegram } from 'telegraf';
import { AppError, awaitsOrFailedApproval, escapeHtml } from '@motherbot/core';
import { answerCallback, button, callbackData, type Rows } from '@motherbot/bot-kit';
import type { EarnedReward, RecordOutcome } from '../../services/referrals';
import { REFERRAL_PREFIX, referralCode } from '../../services/referrals';
import { CloneNotApprovedError } from '../../services/serviceErrors';
import { notApprovedAnswer } from '../approvalAnswers';
import { cb, decodeReferral } from '../callbackData';
import type { MotherBotDeps } from '../context';
import { fmtDate } from '../format';
import { Callback } from '../keyboards';
import { show } from '../screen';
import { tr, type MotherTextKey, type MotherTranslate } from '../../i18n/texts';

/** The referral link of `userId` on the mother bot `motherUsername`. */
export const referralLink = (motherUsername: string, userId: number): string => `https://t.me/${motherUsername}?start=${REFERRAL_PREFIX}${referralCode(userId)}`;

const REFERRAL_OUTCOME_KEY: Record<RecordOutcome, MotherTextKey | null> = {
  recorded: 'referral.recorded',
  off: null,
  invalid: 'referral.invalid',
  self: 'referral.self',
  already_referred: null,
  existing_owner: 'referral.existingOwner',
};

/** What the person who opened a referral link is told ('' when there is nothing to add to the greeting). */
export const referralOutcomeNote = (t: MotherTranslate, outcome: RecordOutcome): string => {
  const key = REFERRAL_OUTCOME_KEY[outcome];
  return key ? t(key) : '';
};

/** Tells a referrer they earned a reward, with their clones to pick from. Never throws. */
export async function announceReward(telegram: Telegram, deps: MotherBotDeps, reward: EarnedReward): Promise<void> {
  try {
    const t = await deps.locales.textsFor(reward.referrerId);
    await telegram.sendMessage(reward.referrerId, t('referral.earned', { count: reward.days }), {
      reply_markup: { inline_keyboard: [[{ text: t('referral.useButton', { count: reward.days }), callback_data: cb.referralPick(reward.referredId) }]] },
    });
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
    const t = tr(ctx);
    const rewardDays = await referrals.currentRewardDays();
    if (rewardDays <= 0) {
      await show(ctx, `${note ? `${note}\n\n` : ''}${t('referral.off')}`, [[button(t('menu.myClones'), Callback.myClones)]]);
      return;
    }
    const { referred, rewards } = await referrals.summary(userId);
    const lines = [
      ...(note ? [note, ''] : []),
      t('referral.title'),
      t('referral.explain', { count: rewardDays }),
      '',
      `<code>${escapeHtml(referralLink(ctx.botInfo.username, userId))}</code>`,
      '',
      t('referral.joined', { count: referred }),
      rewards.length ? t('referral.waiting', { count: rewards.length }) : t('referral.noneWaiting'),
    ];
    const rows: Rows = rewards.slice(0, 5).map((r) => [button(t('referral.useButton', { count: r.rewardDays ?? rewardDays }), cb.referralPick(Number(r._id)))]);
    rows.push([button(t('menu.myClones'), Callback.myClones)]);
    await show(ctx, lines.join('\n'), rows);
  };

  composer.command('referral', async (ctx) => screen(ctx));

  composer.action(/^r:/, async (ctx) => {
    const t = tr(ctx);
    const stale = t('common.staleButton');
    const decoded = decodeReferral(callbackData(ctx));
    if (!decoded) return answerCallback(ctx, stale);
    const userId = ctx.from!.id;
    try {
      if (decoded.action === 'pick') {
        const { rewards } = await referrals.summary(userId);
        const reward = rewards.find((r) => Number(r._id) === decoded.referredId);
        if (!reward) return answerCallback(ctx, stale);
        // Not a clone waiting for approval or rejected: it cannot run, the service refuses it.
        const views = (await deps.services.clones.listOwned(userId)).filter((v) => !awaitsOrFailedApproval(v.clone));
        await answerCallback(ctx);
        if (views.length === 0) return show(ctx, t('referral.noClone'), [[button(t('menu.createClone'), Callback.newClone)]]);
        const rows: Rows = views.map((v) => [button(`@${v.clone.botUsername}`, cb.referralUse(decoded.referredId, v.clone._id))]);
        return show(ctx, t('referral.whichClone', { count: reward.rewardDays ?? (await referrals.currentRewardDays()) }), rows);
      }
      const applied = await referrals.apply(userId, decoded.referredId, decoded.cloneId!);
      await answerCallback(ctx, t('referral.plusDays', { count: applied.days }));
      return screen(ctx, t('referral.applied', { bot: escapeHtml(applied.botUsername), count: applied.days, date: fmtDate(applied.extension.expiresAt) }));
    } catch (error) {
      if (error instanceof CloneNotApprovedError) return answerCallback(ctx, notApprovedAnswer(t, error.approval), true);
      if (error instanceof AppError) return answerCallback(ctx, stale);
      throw error;
    }
  });
  return composer;
}
