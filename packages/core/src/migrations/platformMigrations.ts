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
];
