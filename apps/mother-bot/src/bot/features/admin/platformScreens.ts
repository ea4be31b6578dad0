import type { Context } from 'telegraf';
import { button, inlineKeyboard, type Rows } from '@motherbot/bot-kit';
import type { Actor } from '../../../services/actor';
import { MAX_REFERRAL_REWARD_DAYS, type PlatformSettingsView, type SettingSource } from '../../../services/platformSettings';
import { arg, cb } from '../../callbackData';
import { show } from '../../screen';
import { tr, type MotherTranslate } from '../../../i18n/texts';
import { AdminStep, StaleButton, type AdminDeps, type AdminHandler } from './adminKit';

/** The reward presets offered as buttons; any other value 0..365 is typed. */
const DAY_PRESETS = [0, 3, 7, 14, 30] as const;

/** "environment default (ENV_NAME)" or "set here": where an effective value comes from. */
export const sourceText = (t: MotherTranslate, source: SettingSource, env: string): string =>
  source === 'env' ? t('platform.sourceEnv', { env }) : t('platform.sourceAdmin');

/** The approval status line of the pending-clones screen: on/off and where that comes from. */
export const approvalStatus = (t: MotherTranslate, view: PlatformSettingsView): string =>
  t('platform.status', {
    value: t(view.cloneApprovalRequired.value ? 'admin.approvalOn' : 'admin.approvalOff'),
    source: sourceText(t, view.cloneApprovalRequired.source, 'CLONE_APPROVAL_REQUIRED'),
  });

/** The screen; `view`: the settings a change just returned, so they are not read again. */
async function platformScreen(ctx: Context, deps: AdminDeps, admin: Actor, note?: string, view?: PlatformSettingsView): Promise<void> {
  const t = tr(ctx);
  view ??= await deps.services.settings.view(admin);
  const { cloneApprovalRequired: approval, referralRewardDays: reward } = view;
  const lines = [
    ...(note ? [note, ''] : []),
    t('platform.title'),
    '',
    t('platform.approvalLine', { value: t(approval.value ? 'platform.on' : 'platform.off'), source: sourceText(t, approval.source, 'CLONE_APPROVAL_REQUIRED') }),
    t('platform.rewardLine', {
      value: reward.value > 0 ? t('platform.rewardDays', { count: reward.value }) : t('platform.rewardOff'),
      source: sourceText(t, reward.source, 'REFERRAL_REWARD_DAYS'),
    }),
  ];
  const rows: Rows = [
    [approval.value ? button(t('platform.approvalOffButton'), cb.admin('papr', 0)) : button(t('platform.approvalOnButton'), cb.admin('papr', 1))],
    ...(approval.source === 'admin' ? [[button(t('platform.approvalEnvButton'), cb.admin('papr', 'env'))]] : []),
    DAY_PRESETS.map((d) => button(t('platform.daysButton', { count: d }), cb.admin('prwd', d))),
    [button(t('platform.typeDaysButton'), cb.admin('prwt'))],
    ...(reward.source === 'admin' ? [[button(t('platform.rewardEnvButton'), cb.admin('prwd', 'env'))]] : []),
    [button(t('admin.home'), cb.admin('home'))],
  ];
  await show(ctx, lines.join('\n'), rows);
}

/**
 * `/admin` → ⚙️ Platform: approval of new clones and the referral reward, over the environment's
 * defaults. Every button carries the value it sets (an old button sets exactly what it says);
 * a tampered value is refused as a stale button, and the settings service checks the admin again.
 */
export function platformScreens(deps: AdminDeps): Record<string, AdminHandler> {
  const { settings } = deps.services;
  return {
    plat: async (ctx, _args, admin) => {
      await deps.conversations.clear(admin.id);
      await platformScreen(ctx, deps, admin);
    },
    papr: async (ctx, args, admin) => {
      const v = args[0];
      if (args.length !== 1 || (v !== '0' && v !== '1' && v !== 'env')) throw new StaleButton();
      const view = await settings.setCloneApprovalRequired(admin, v === 'env' ? null : v === '1');
      await platformScreen(ctx, deps, admin, undefined, view);
      return tr(ctx)('platform.saved');
    },
    prwd: async (ctx, args, admin) => {
      const days = args[0] === 'env' ? null : arg.int(args, 0, 0, MAX_REFERRAL_REWARD_DAYS);
      if (args.length !== 1 || days === undefined) throw new StaleButton();
      const view = await settings.setReferralRewardDays(admin, days);
      await deps.conversations.clear(admin.id);
      await platformScreen(ctx, deps, admin, undefined, view);
      return tr(ctx)('platform.saved');
    },
    prwt: async (ctx, _args, admin) => {
      const t = tr(ctx);
      await deps.conversations.set(admin.id, AdminStep.rewardDays, {});
      await show(ctx, t('platform.askDays'), [[button(t('common.cancel'), cb.admin('plat'))]]);
    },
  };
}

/** The number of days typed after "Type a number of days"; true when it consumed the message. */
export async function platformTextInput(deps: AdminDeps, ctx: Context, step: string, text: string, admin: Actor): Promise<boolean> {
  if (step !== AdminStep.rewardDays) return false;
  const t = tr(ctx);
  const typed = text.trim();
  const days = /^\d{1,3}$/.test(typed) ? Number(typed) : NaN;
  if (!(days >= 0 && days <= MAX_REFERRAL_REWARD_DAYS)) {
    // The step stays: the admin sends another number, or leaves with /admin.
    await ctx.reply(t('platform.badDays'), { reply_markup: inlineKeyboard([[button(t('common.cancel'), cb.admin('plat'))]]) });
    return true;
  }
  const view = await deps.services.settings.setReferralRewardDays(admin, days);
  await deps.conversations.clear(admin.id);
  await platformScreen(ctx, deps, admin, t('platform.savedNote'), view);
  return true;
}
