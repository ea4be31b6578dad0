import type { Collection, Document } from 'mongodb';
import { ensureCloneDataIndexes, type CloneDataModels } from '../models/cloneData/cloneDataModels';
import { broadcastModels } from '../broadcast/broadcastModels';
import { counterKeys, TOP_LINKS_KEPT, type CloneTotals } from '../models/cloneData/cloneCounter';
import { ignoringDuplicateKey, inBulkChunks } from '../db/databaseRetry';
import type { Migration, MigrationContext } from './migration';

const CHUNK = 1000;

/** Ids and counts that the delivery log holds, read once. */
interface DeliveryFigures {
  total: number;
  perUser: Map<number, number>;
  perLink: Map<string, number>;
  perDay: Map<string, number>;
}

async function readDeliveries(models: CloneDataModels): Promise<DeliveryFigures> {
  const figures: DeliveryFigures = { total: 0, perUser: new Map(), perLink: new Map(), perDay: new Map() };
  const bump = <K>(map: Map<K, number>, key: K): void => void map.set(key, (map.get(key) ?? 0) + 1);
  const cursor = models.Delivery.collection.find({}, { projection: { userId: 1, code: 1, at: 1 } });
  for await (const d of cursor) {
    figures.total += 1;
    if (typeof d.userId === 'number') bump(figures.perUser, d.userId);
    if (typeof d.code === 'string') bump(figures.perLink, d.code);
    if (d.at instanceof Date) bump(figures.perDay, counterKeys.day(d.at));
  }
  return figures;
}

/**
 * Moves every document whose `_id` is a number to the same document keyed by the decimal
 * string. Resumable: the string copy is inserted first (a copy left by an interrupted run is a
 * duplicate key, taken as done), then the numeric original is deleted.
 */
async function rekeyNumericIds(collection: Collection<Document>, extra: (numericId: number) => Document = () => ({})): Promise<number> {
  const numeric = await collection.find({ _id: { $type: 'number' } } as Document).toArray();
  for (let i = 0; i < numeric.length; i += CHUNK) {
    const chunk = numeric.slice(i, i + CHUNK);
    const copies = chunk.map((doc) => ({ ...doc, ...extra(doc._id as unknown as number), _id: String(doc._id) }));
    await ignoringDuplicateKey(collection.insertMany(copies as never[], { ordered: false }));
    await collection.deleteMany({ _id: { $in: chunk.map((d) => d._id) } } as Document);
  }
  return numeric.length;
}

/** Top links from per-link counts: highest first, then by code, at most TOP_LINKS_KEPT. */
export function topLinks(perLink: Map<string, number>): Array<{ code: string; deliveries: number }> {
  return [...perLink.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP_LINKS_KEPT)
    .map(([code, deliveries]) => ({ code, deliveries }));
}

async function writeCounters(ctx: MigrationContext<CloneDataModels>, figures: DeliveryFigures): Promise<CloneTotals> {
  const { User, File, Batch, Counter } = ctx.models;
  const newUsersPerDay = new Map<string, number>();
  for await (const u of User.collection.find({}, { projection: { firstSeenAt: 1 } })) {
    if (u.firstSeenAt instanceof Date) newUsersPerDay.set(counterKeys.day(u.firstSeenAt), (newUsersPerDay.get(counterKeys.day(u.firstSeenAt)) ?? 0) + 1);
  }
  const totals: CloneTotals = {
    users: await User.countDocuments({}),
    blocked: await User.countDocuments({ blockedAt: { $ne: null } }),
    files: await File.countDocuments({ deletedAt: null }),
    batches: await Batch.countDocuments({ deletedAt: null }),
    deliveries: figures.total,
  };
  // `$set`, never `$inc`: a second run after a crash writes the same figures again.
  const ops: Array<{ updateOne: { filter: { _id: string }; update: Document; upsert: true } }> = [];
  const set = (id: string, fields: Document): void => void ops.push({ updateOne: { filter: { _id: id }, update: { $set: fields }, upsert: true } });
  set(counterKeys.totals, { ...totals });
  set(counterKeys.top, { links: topLinks(figures.perLink) });
  for (const day of new Set([...newUsersPerDay.keys(), ...figures.perDay.keys()])) {
    set(day, { newUsers: newUsersPerDay.get(day) ?? 0, deliveries: figures.perDay.get(day) ?? 0 });
  }
  for (const [code, n] of figures.perLink) set(counterKeys.link(code), { deliveries: n });
  await inBulkChunks(ops, (chunk) => Counter.bulkWrite(chunk as never, { ordered: false }));
  return totals;
}

/**
 * The migrations of a clone's own database, in order; run by the clone's worker before it
 * polls (so no update ever sees a half-migrated database). Append only, like the platform's.
 */
export const cloneMigrations: readonly Migration<CloneDataModels>[] = [
  {
    id: '0001-point-keys-and-counters',
    description: 'key users and owner sessions by string ids, keep per-user delivery counts, and build the counters the stats read',
    async up(ctx) {
      const { User, OwnerSession, Counter } = ctx.models;
      const figures = await readDeliveries(ctx.models);
      const rekeyedUsers = await rekeyNumericIds(User.collection, (id) => ({ deliveries: figures.perUser.get(id) ?? 0, languageCode: null }));
      const rekeyedSessions = await rekeyNumericIds(OwnerSession.collection);
      const totals = await writeCounters(ctx, figures);
      // Verified by counts: nothing numeric is left, and the counters say what the data says.
      const leftover = await User.collection.countDocuments({ _id: { $type: 'number' } } as Document);
      const stored = await Counter.findById(counterKeys.totals).lean();
      if (leftover !== 0 || stored?.users !== totals.users || stored.deliveries !== figures.total) {
        throw new Error(`verification failed: ${leftover} numeric user ids left, totals ${JSON.stringify(stored)} vs ${JSON.stringify(totals)}`);
      }
      ctx.log('clone database rekeyed', { rekeyedUsers, rekeyedSessions, ...totals });
    },
    // No undo: every step is idempotent (copies before deletes, `$set` counters), so a failed
    // run is finished by the next start of the worker.
  },
  {
    id: '0002-indexes',
    description: "create the clone database's indexes once (a worker used to create them at every start)",
    async up(ctx) {
      await ensureCloneDataIndexes(ctx.models);
      const broadcasts = broadcastModels(ctx.db);
      await broadcasts.Broadcast.createIndexes();
      await broadcasts.Outcome.createIndexes();
    },
    // No undo: creating an index that exists is a no-op, so the next start finishes a failed run.
  },
];

/** The id of the clone migration that a database filled directly in the current shape records as applied. */
export const CLONE_DATA_SHAPE_MIGRATION = '0001-point-keys-and-counters';
