'use strict';
/**
 * Fills the databases of the crowd bench's two baselines from the same catalog as the clone
 * (catalog.js), each in its own shape:
 *  - the bare bot (baseline/bareBot.js): `settings` and `files` keyed by the code, nothing else
 *    (it records nobody);
 *  - the peer bot (baseline/peerBot.js), the shape of the usual file-store bots: `users` with an
 *    ObjectId `_id` and the Telegram id in `id`, `files` with a `code` field, a `deliveries` log
 *    (`user_id`, `code`, `date`), plus the indexes such a bot declares on `id` and `code`.
 * Collections are dropped first; the bot must be stopped while this runs.
 */
const { ObjectId } = require('mongodb');
const { insertChunked } = require('./fillClone');

async function dropAll(db) {
  for (const c of await db.listCollections({}, { nameOnly: true }).toArray()) await db.collection(c.name).drop();
}

/** `files` are this bot's own uploaded documents ({fileId, fileUniqueId}), used round-robin. */
async function fillBare(db, catalog, { files }) {
  const t0 = performance.now();
  await dropAll(db);
  await db.collection('settings').insertOne({ _id: 'settings', welcomeText: 'Hello! Send me a share link to get your file.' });
  await insertChunked(db.collection('files'), catalog.sizes.files, (i) => ({ _id: catalog.fileCodes[i], kind: 'document', fileId: files[i % files.length].fileId }));
  return { shape: 'bare', files: catalog.sizes.files, totalMs: Math.round(performance.now() - t0) };
}

async function fillPeer(db, catalog, { files }) {
  const t0 = performance.now();
  await dropAll(db);
  const ms = {};
  let t = performance.now();
  await insertChunked(db.collection('users'), catalog.sizes.users, (u) => {
    const x = catalog.userAt(u);
    return { _id: new ObjectId(), id: x.id, name: x.firstName, username: x.username, joined: x.firstSeenAt };
  });
  ms.users = Math.round(performance.now() - t);
  t = performance.now();
  await insertChunked(db.collection('files'), catalog.sizes.files, (i) => {
    const f = catalog.fileAt(i);
    return { _id: new ObjectId(), code: f.code, file_id: files[i % files.length].fileId, file_name: f.fileName, file_size: f.size, mime_type: f.mimeType, caption: f.caption, created_at: f.createdAt };
  });
  ms.files = Math.round(performance.now() - t);
  t = performance.now();
  await insertChunked(db.collection('deliveries'), catalog.sizes.deliveries, (d) => {
    const x = catalog.deliveryAt(d);
    return { _id: new ObjectId(), user_id: x.userId, code: x.code, date: x.at };
  });
  ms.deliveries = Math.round(performance.now() - t);
  await db.collection('users').createIndex({ id: 1 });
  await db.collection('files').createIndex({ code: 1 });
  return { shape: 'peer', users: catalog.sizes.users, files: catalog.sizes.files, deliveries: catalog.sizes.deliveries, totalMs: Math.round(performance.now() - t0), ms };
}

module.exports = { fillBare, fillPeer };
