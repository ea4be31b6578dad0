import type { Context, MiddlewareFn } from 'telegraf';
import { upsertRacing, userKey, type UserModel } from '@motherbot/core';

const REFRESH_MS = 60_000;

export interface KnownUsers {
  middleware: MiddlewareFn<Context>;
  /** Drops a user from the cache (after a ban, an unban or an account deletion): the next update re-reads them. */
  forget(userId: number): void;
}

/**
 * Records who talks to the mother (users collection) and silences banned users. The user
 * record is refreshed at most once a minute per user, so a chatty user costs no write per
 * message; a ban made through the admin panel calls `forget`, so it takes effect at once.
 * A `successful_payment` from a banned user still goes through: the money must be recorded.
 * The record is read and written by its string `_id` alone (userKey), the one filter FerretDB
 * 1.24 answers without reading every user: the cost does not grow with the platform.
 */
export function knownUsers(model: UserModel, isAdmin: (id: number) => boolean): KnownUsers {
  const seen = new Map<number, { at: number; banned: boolean }>();
  const middleware: MiddlewareFn<Context> = async (ctx, next) => {
    const from = ctx.from;
    // A message without a sender (a channel post, an anonymous group admin) is not for the mother.
    if (!from && ctx.message) return;
    if (!from || from.is_bot) return next();
    const now = Date.now();
    let entry = seen.get(from.id);
    if (!entry || now - entry.at > REFRESH_MS) {
      const record = () =>
        model
          .findOneAndUpdate(
            { _id: userKey(from.id) },
            { $set: { firstName: from.first_name, username: from.username ?? null, languageCode: from.language_code ?? null, lastSeenAt: new Date(now) } },
            { upsert: true, returnDocument: 'after' },
          )
          .lean();
      // Two first updates of a new user at once: one upsert inserts, the other may fail with a
      // duplicate key (FerretDB upserts read, then insert) and then finds the record (fuzzMother.test.ts).
      const doc = await upsertRacing(record);
      entry = { at: now, banned: Boolean(doc?.banned) };
      seen.set(from.id, entry);
      if (seen.size > 10_000) seen.delete(seen.keys().next().value as number);
    }
    const payment = Boolean((ctx.message as { successful_payment?: unknown } | undefined)?.successful_payment);
    if (entry.banned && !isAdmin(from.id) && !payment) return;
    return next();
  };
  return { middleware, forget: (userId) => void seen.delete(userId) };
}
