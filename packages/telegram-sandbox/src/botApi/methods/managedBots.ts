/**
 * Managed bots (Bot API 9.6): a manager bot (getMe.can_manage_bots) reads and rotates the
 * tokens of bots users created through it. `user_id` names the managed bot; the id of the
 * user who created it is accepted too (the most recent such bot), see docs/sandbox.md.
 */
import type { MethodContext, MethodHandler } from '../context';
import type { BotRecord } from '../../state/world';
import { badRequest } from '../errors';

function managedBot(ctx: MethodContext): BotRecord {
  if (!ctx.bot.user.can_manage_bots) throw badRequest('BOT_MANAGEMENT_DISABLED: the bot can not manage bots');
  const userId = ctx.params.reqInt('user_id', 'user_id is empty');
  const direct = ctx.world.bots.get(userId);
  if (direct && direct.managerBotId === ctx.bot.id) return direct;
  let found: BotRecord | undefined;
  for (const b of ctx.world.bots.values()) if (b.managerBotId === ctx.bot.id && b.ownerUserId === userId) found = b;
  if (!found) throw badRequest('BOT_NOT_MANAGED: the bot is not managed by this bot');
  return found;
}

const getManagedBotToken: MethodHandler = (ctx) => managedBot(ctx).token;

const replaceManagedBotToken: MethodHandler = (ctx) => ctx.world.replaceToken(managedBot(ctx));

export const managedBotMethods: Record<string, MethodHandler> = { getManagedBotToken, replaceManagedBotToken };
