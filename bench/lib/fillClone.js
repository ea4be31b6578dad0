'use strict';
/**
 * Fills a clone's database directly in the version-2 shape (the shape the clone's data layer reads
 * and writes: string user ids, counters kept by `$inc`, the v2 migration recorded as applied), so
 * the crowd bench can measure a clone that already holds 1,000 … 100,000 users, files and
 * deliveries without making them one update at a time. Bulk `insertMany` in chunks; the worker
 * must be stopped while this runs (it is the only other writer).
 */
const { ObjectId } = require('mongodb');
const { normalizeForSearch } = require('./catalog');

const CHUNK = 1000;
const V2_MIGRATION = '0001-point-keys-and-counters';
/** The collections this fill owns: emptied first, so a refill never mixes two sizes. */
const FILLED = ['users', 'files', 'batches', 'deliveries', 'counters', 'owner_sessions', 'scheduled_deletions'];

async function insertChunked(collection, count, make) {
  for (let i = 0; i < count; i += CHUNK) {
    const docs = [];
    for (let k = i; k < Math.min(count, i + CHUNK); k++) docs.push(make(k));
    await collection.insertMany(docs, { ordered: false });
  }
}

/**
 * Empties the clone database's data collections and fills them from `catalog` (catalog.js).
 * `db` is the native driver Db of the clone database; `files` are this clone bot's own
 * uploaded documents ({fileId, fileUniqueId}), reused round-robin (a file_id only works for the
 * bot that received it). Settings are kept, with `searchEnabled` set. Returns per-collection
 * counts and milliseconds.
 */
async function fillCloneV2(db, catalog, { files, ownerId }) {
  const t0 = performance.now();
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of FILLED) if (existing.has(name)) await db.collection(name).drop();
  const ms = {};
  const timed = async (name, fn) => {
    const t = performance.now();
    await fn();
    ms[name] = Math.round(performance.now() - t);
  };
  const { sizes } = catalog;
  await timed('users', () =>
    insertChunked(db.collection('users'), sizes.users, (u) => {
      const x = catalog.userAt(u);
      return { _id: String(x.id), firstName: x.firstName, username: x.username, languageCode: x.languageCode, firstSeenAt: x.firstSeenAt, lastSeenAt: x.lastSeenAt, blockedAt: x.blockedAt, deliveries: x.deliveries };
    }),
  );
  await timed('files', () =>
    insertChunked(db.collection('files'), sizes.files, (i) => {
      const f = catalog.fileAt(i);
      const own = files[i % files.length];
      return {
        _id: f.code,
        kind: 'document',
        fileId: own.fileId,
        fileUniqueId: own.fileUniqueId,
        fileName: f.fileName,
        mimeType: f.mimeType,
        size: f.size,
        caption: f.caption,
        captionEntities: null,
        searchText: normalizeForSearch(`${f.fileName} ${f.caption ?? ''}`).slice(0, 2000),
        storage: null,
        createdBy: ownerId,
        createdAt: f.createdAt,
        deletedAt: null,
      };
    }),
  );
  await timed('batches', () =>
    insertChunked(db.collection('batches'), sizes.batches, (j) => {
      const b = catalog.batchAt(j);
      return { _id: b.code, fileCodes: b.fileCodes, createdBy: ownerId, createdAt: b.createdAt, deletedAt: null };
    }),
  );
  await timed('deliveries', () =>
    insertChunked(db.collection('deliveries'), sizes.deliveries, (d) => ({ _id: new ObjectId(), ...catalog.deliveryAt(d) })),
  );
  await timed('counters', async () => {
    const counters = [{ _id: 'totals', ...catalog.totals }, { _id: 'top', links: catalog.top }];
    for (const [day, c] of catalog.perDay) counters.push({ _id: `day:${day}`, newUsers: c.newUsers, deliveries: c.deliveries });
    for (const [c, k] of catalog.perLink) counters.push({ _id: `link:${c}`, deliveries: k });
    await insertChunked(db.collection('counters'), counters.length, (k) => counters[k]);
    ms.counterDocuments = counters.length;
  });
  await db.collection('settings').updateOne({ _id: 'settings' }, { $set: { searchEnabled: true, updatedAt: new Date() } }, { upsert: true });
  const now = new Date();
  await db.collection('migrations').replaceOne(
    { _id: V2_MIGRATION },
    { _id: V2_MIGRATION, status: 'applied', description: 'filled in the v2 shape', startedAt: now, appliedAt: now },
    { upsert: true },
  );
  const counterDocuments = ms.counterDocuments;
  delete ms.counterDocuments;
  return { shape: 'v2', ...sizes, counterDocuments, totalMs: Math.round(performance.now() - t0), ms };
}

module.exports = { fillCloneV2, V2_MIGRATION, insertChunked };
