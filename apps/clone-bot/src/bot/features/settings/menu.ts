import { Composer, type Context } from 'telegraf';
import type { OwnerAwaiting } from '@motherbot/core';
import { answerCallback, showScreen } from '@motherbot/bot-kit';
import type { CloneRuntime } from '../../context';
import { onAction } from '../callbackRouter';
import { managerCommand } from '../managerOnly';
import { tr } from '../../../i18n/texts';
import { ONLY_OWNER, SETTINGS_ACTION_TABLE } from './settingActions';
import { SETTING_INPUTS } from './settingInputs';
import { mainView } from './views';

/**
 * `/settings` and its inline menus. Every press is re-checked: only managers change anything,
 * and owner-only buttons only for the owner. What each button does is in SETTINGS_ACTION_TABLE;
 * every screen, question and answer is in the pressing manager's language.
 */
export function settingsMenuFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();
  const askFor = async (ctx: Context, userId: number, awaiting: OwnerAwaiting): Promise<void> => {
    await rt.data.sessions.setAwaiting(userId, awaiting);
    await answerCallback(ctx); // never throws: a late answer (bot far behind) must not lose the prompt
    await ctx.reply(SETTING_INPUTS[awaiting].prompt(tr(ctx)));
  };

  managerCommand(composer, rt, 'settings', async (ctx) => showScreen(ctx, mainView(await rt.settings.get(), tr(ctx))));

  onAction(composer, 'settings', async (ctx, { action, arg }, userId) => {
    const t = tr(ctx);
    if (!(await rt.isManager(userId))) return answerCallback(ctx, t('common.notAllowed'), true);
    const entry = SETTINGS_ACTION_TABLE[action];
    let s = await rt.settings.get();
    const num = arg === null ? NaN : Number(arg);
    const refusal = entry.ownerOnly && userId !== rt.deps.ownerId ? ONLY_OWNER : entry.refuse?.(s, num);
    if (refusal) return answerCallback(ctx, refusal.text(t), refusal.alert);
    if ('close' in entry) {
      await answerCallback(ctx);
      return ctx.deleteMessage().catch(() => undefined);
    }
    if ('ask' in entry) return askFor(ctx, userId, entry.ask);
    if (entry.change) s = await rt.settings.update(entry.change(s, num));
    await answerCallback(ctx, entry.toast?.(t));
    await showScreen(ctx, entry.show(s, t));
  });
  return composer;
}
