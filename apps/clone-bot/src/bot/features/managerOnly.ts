import type { Composer, Context } from 'telegraf';
import type { CloneRuntime } from '../context';
import { cloneTexts, tr } from '../../i18n/texts';

/** The refusal in English, for tests and for callers that have no update; replies use `common.notAllowed` in the user's language. */
export const NOT_ALLOWED = cloneTexts.t('en', 'common.notAllowed');

/**
 * Registers an owner command: the owner and clone admins run `handler`, anybody else gets one
 * polite line (test: "non-owners reach no owner command").
 */
export function managerCommand(
  composer: Composer<Context>,
  rt: CloneRuntime,
  command: string,
  handler: (ctx: Context & { message: { text: string } }, args: string) => Promise<unknown>,
): void {
  composer.command(command, async (ctx) => {
    if (!(await rt.isManager(ctx.from.id))) {
      await ctx.reply(tr(ctx)('common.notAllowed'));
      return;
    }
    const args = ctx.message.text.replace(/^\/\S+\s*/, '').trim();
    await handler(ctx as Context & { message: { text: string } }, args);
  });
}
