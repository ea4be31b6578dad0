/** Resolving the loose references the control API accepts (bot id, token or @username). */
import type { BotRecord, UserRecord, World } from '../state/world';

/** A bot named by id, token or username (with or without '@'). */
export type BotRef = number | string;

export class SandboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxError';
  }
}

export function resolveBot(world: World, ref: BotRef): BotRecord {
  if (typeof ref === 'number') {
    const bot = world.bots.get(ref);
    if (bot) return bot;
  } else {
    const bot = world.tokens.get(ref) ?? world.botByUsername(ref) ?? (/^\d+$/.test(ref) ? world.bots.get(Number(ref)) : undefined);
    if (bot) return bot;
  }
  throw new SandboxError(`no bot ${JSON.stringify(ref)} in the sandbox (use a bot id, token or username)`);
}

export function resolveUser(world: World, id: number): UserRecord {
  const user = world.users.get(Number(id));
  if (!user) throw new SandboxError(`no user ${id} in the sandbox; create it with createUser()`);
  return user;
}

/** Public view of a bot, as returned to callers. */
export interface BotInfo {
  id: number;
  token: string;
  username: string;
  firstName: string;
  canManageBots: boolean;
  ownerUserId?: number;
  managerBotId?: number;
}

export function botInfo(bot: BotRecord): BotInfo {
  const info: BotInfo = { id: bot.id, token: bot.token, username: bot.user.username!, firstName: bot.user.first_name, canManageBots: !!bot.user.can_manage_bots };
  if (bot.ownerUserId !== undefined) info.ownerUserId = bot.ownerUserId;
  if (bot.managerBotId !== undefined) info.managerBotId = bot.managerBotId;
  return info;
}
