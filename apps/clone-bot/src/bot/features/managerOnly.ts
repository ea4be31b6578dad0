import type { Composer, Context } from 'telegraf';
import type { CloneRuntime } from '../context';

export const NOT_ALLOWED = 'Only the owner of this bot can do that.';

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
      await ctx.reply(NOT_ALLOWED);
      return;
    }
    const args = ctx.message.text.replace(/^\/\S+\s*/, '').trim();
    await handler(ctx as Context & { message: { text: string } }, args);
  });
}
