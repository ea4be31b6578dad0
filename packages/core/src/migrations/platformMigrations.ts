import type { Connection } from 'mongoose';
import type { Migration, MigrationContext } from './migration';

/** Index names per collection, to tell afterwards which ones a step added. */
async function indexSnapshot(db: Connection): Promise<Map<string, Set<string>>> {
  const snapshot = new Map<string, Set<string>>();
  for (const { name } of await db.listCollections()) {
    const indexes = await db.collection(name).indexes().catch(() => []);
    snapshot.set(name, new Set(indexes.map((i) => String(i.name))));
  }
  return snapshot;
}

/** Drops the indexes (and new empty collections) that appeared since `before`: the undo of an index step. */
async function dropAddedIndexes(db: Connection, before: Map<string, Set<string>>): Promise<void> {
  for (const { name } of await db.listCollections()) {
    const had = before.get(name);
    if (!had) {
      if ((await db.collection(name).countDocuments({}, { limit: 1 })) === 0) await db.dropCollection(name).catch(() => undefined);
      continue;
    }
    for (const index of await db.collection(name).indexes()) {
      if (index.name && index.name !== '_id_' && !had.has(index.name)) await db.collection(name).dropIndex(index.name);
    }
  }
}

/** Builds an index-creating migration whose undo removes exactly the indexes it created. */
function indexMigration(id: string, description: string, create: (ctx: MigrationContext) => Promise<void>): Migration {
  let before: Map<string, Set<string>> | undefined;
  return {
    id,
    description,
    async up(ctx) {
      before = await indexSnapshot(ctx.db);
      await create(ctx);
    },
    async undo(ctx) {
      if (before) await dropAddedIndexes(ctx.db, before);
    },
  };
}

/**
 * The migrations of the platform database, in order. Append only: a released migration is never
 * edited or removed (a database records the ids it has); a new change is a new id.
 */
export const platformMigrations: readonly Migration[] = [
  indexMigration('0001-platform-indexes', 'create every index declared on the platform models', async (ctx) => {
    for (const model of Object.values(ctx.models)) await model.createIndexes();
  }),
  {
    id: '0002-clones-deleted-at',
    description: 'give every clone an explicit deletedAt (null when live) so retention and listings can query it',
    async up(ctx) {
      // Idempotent: touches only clones without the field; the guard makes a second run a no-op.
      await ctx.models.Clone.collection.updateMany({ deletedAt: { $exists: false } }, { $set: { deletedAt: null } });
    },
    // No undo needed: setting an absent field to null is invisible to every reader (Mongoose's
    // default is null), so a half-done run is as good as none and the next start finishes it.
  },
  {
    id: '0003-users-string-ids',
    description: "key the mother's users by the Telegram id as a string, so a user is found by a point read",
    async up(ctx) {
      await convertUserIdsToStrings(ctx);
    },
    // No undo needed: a user is copied under the string key before the numeric one is deleted,
    // so a crash leaves at worst both (identical); the next run deletes the numeric one. The
    // start stops until this step is applied, so no reader sees a half-converted collection.
  },
  {
    id: '0004-owner-clones',
    description: "list each owner's live clones in owner_clones/<ownerId>, for a point read of \"My clones\"",
    async up(ctx) {
      await rebuildOwnerClones(ctx);
    },
    // No undo needed: each owner's list is set whole from the clones collection, so running the
    // step again (after a crash half-way) gives the same lists.
  },
];

/**
 * Copies every user whose `_id` is a number to the same document under `String(_id)`, then
 * deletes the numeric one. Other collections hold user ids as plain numbers (`ownerId`,
 * `userId`, `actorId`), not as references to this key, and keep them. Verified by count: the
 * step fails while any numeric `_id` is left.
 */
async function convertUserIdsToStrings(ctx: MigrationContext): Promise<void> {
  const users = ctx.models.User.collection;
  const numeric = await users.find({}).toArray();
  let converted = 0;
  for (const user of numeric) {
    const id = user._id as unknown;
    if (typeof id !== 'number') continue;
    const key = String(id);
    try {
      await users.insertOne({ ...user, _id: key } as never);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      // Copied by an earlier, interrupted run; keep a ban the numeric record holds.
      if (user.banned) await users.updateOne({ _id: key } as never, { $set: { banned: true, bannedAt: user.bannedAt ?? null, bannedBy: user.bannedBy ?? null } });
    }
    await users.deleteOne({ _id: id } as never);
    converted += 1;
  }
  const left = (await users.find({}, { projection: { _id: 1 } }).toArray()).filter((u) => typeof (u._id as unknown) !== 'string').length;
  if (left > 0) throw new Error(`${left} user(s) still have a non-string _id after the conversion`);
  ctx.log('users keyed by string ids', { converted });
}

/** Sets every owner's `owner_clones` list from the clones that are not deleted (oldest first). */
async function rebuildOwnerClones(ctx: MigrationContext): Promise<void> {
  const clones = await ctx.models.Clone.collection
    .find({ deletedAt: null }, { projection: { _id: 1, ownerId: 1, createdAt: 1 } })
    .toArray();
  const byOwner = new Map<number, Array<{ id: string; at: number }>>();
  for (const c of clones) {
    const list = byOwner.get(c.ownerId as number) ?? [];
    list.push({ id: String(c._id), at: c.createdAt instanceof Date ? c.createdAt.getTime() : 0 });
    byOwner.set(c.ownerId as number, list);
  }
  for (const [ownerId, list] of byOwner) {
    const cloneIds = list.sort((a, b) => a.at - b.at).map((c) => c.id);
    await ctx.models.OwnerClones.collection.updateOne({ _id: String(ownerId) } as never, { $set: { cloneIds, updatedAt: ctx.now } }, { upsert: true });
  }
  ctx.log('owner clone lists built', { owners: byOwner.size, clones: clones.length });
}
