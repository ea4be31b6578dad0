import { Composer, type Context } from 'telegraf';
import { showScreen } from '@motherbot/bot-kit';
import type { CloneRuntime } from '../../context';
import type { MessageOrigin } from './inputTypes';
import { SETTING_INPUTS } from './settingInputs';
import { tr } from '../../../i18n/texts';

/**
 * The value an owner types after pressing a settings button ("send me the new welcome text"):
 * the next message of that owner, unless it is a command (/cancel stops waiting). What each
 * value does is in SETTING_INPUTS.
 */
export function settingsInputFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();

  composer.on('message', async (ctx, next) => {
    const text = 'text' in ctx.message ? ctx.message.text : undefined;
    const forwarded = (ctx.message as { forward_origin?: MessageOrigin }).forward_origin;
    if ((text === undefined && !forwarded) || text?.startsWith('/')) return next();
    if (!(await rt.isManager(ctx.from.id))) return next();
    const session = await rt.data.sessions.get(ctx.from.id);
    if (!session?.awaiting) return next();
    const result = await SETTING_INPUTS[session.awaiting].accept({ rt, ctx, text: text ?? '', forwarded });
    if (!result.done) return ctx.reply(tr(ctx)('settings.tryAgain', { error: result.error }));
    await rt.data.sessions.setAwaiting(ctx.from.id, null);
    if (result.note) await ctx.reply(result.note, { parse_mode: 'HTML' });
    if (result.screen) await showScreen(ctx, result.screen);
  });
  return composer;
}
