import type { Context, MiddlewareFn } from 'telegraf';
import type { CloneRuntime } from '../context';

const REFRESH_MS = 10 * 60_000;

/**
 * Records who uses the clone (the audience of its broadcasts, the "users" of its stats), at
 * most once per user every ten minutes. A user who blocks the bot is marked; writing again
 * clears the mark. Failures are logged, never block the update.
 */
export function trackUsers(rt: CloneRuntime): { middleware: MiddlewareFn<Context>; forget: (userId: number) => void } {
  const seen = new Map<number, number>();
  const forget = (userId: number): void => void seen.delete(userId);
  const middleware: MiddlewareFn<Context> = async (ctx, next) => {
    const from = ctx.from;
    if (!from) return next();
    const now = new Date();
    try {
      if (ctx.myChatMember) {
        const status = ctx.myChatMember.new_chat_member.status;
        const blocked = status === 'kicked' || status === 'left';
        await rt.models.User.updateOne({ _id: from.id }, { $set: { blockedAt: blocked ? now : null } });
        forget(from.id);
        return;
      }
      const last = seen.get(from.id);
      if (last === undefined || now.getTime() - last > REFRESH_MS) {
        if (seen.size > 100_000) seen.clear();
        seen.set(from.id, now.getTime());
        await rt.models.User.updateOne(
          { _id: from.id },
          { $set: { firstName: from.first_name, username: from.username ?? null, lastSeenAt: now, blockedAt: null }, $setOnInsert: { firstSeenAt: now } },
          { upsert: true },
        );
      }
    } catch (error) {
      rt.deps.logger.warn('could not record user', { error });
    }
    return next();
  };
  return { middleware, forget };
}
