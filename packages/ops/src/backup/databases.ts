import type mongoose from 'mongoose';
import { DocumentDigest, EXACT_READ, documentLine, type IndexDefinition } from './manifest';

export type MongoClient = mongoose.mongo.MongoClient;
export type Db = mongoose.mongo.Db;

/** The databases of one platform: its own (`name`) and every clone's (`<name>_clone_<id>`). */
export async function listPlatformDatabases(client: MongoClient, platformDatabase: string): Promise<Array<{ name: string; role: 'platform' | 'clone'; cloneId?: string }>> {
  const prefix = `${platformDatabase}_clone_`;
  const { databases } = await client.db('admin').admin().listDatabases();
  return databases
    .map((d) => d.name)
    .filter((name) => name === platformDatabase || name.startsWith(prefix))
    .sort((a, b) => (a === platformDatabase ? -1 : b === platformDatabase ? 1 : a.localeCompare(b)))
    .map((name) => (name === platformDatabase ? { name, role: 'platform' as const } : { name, role: 'clone' as const, cloneId: name.slice(prefix.length) }));
}

/** Collection names of a database, without `system.*`, sorted. */
export async function listCollectionNames(db: Db): Promise<string[]> {
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  return collections.map((c) => c.name).filter((n) => !n.startsWith('system.')).sort();
}

/** The secondary indexes of a collection (`_id_` is implicit). */
export async function indexDefinitions(db: Db, collection: string): Promise<IndexDefinition[]> {
  const indexes = await db.collection(collection).listIndexes().toArray();
  return indexes
    .filter((index) => index.name !== '_id_')
    .map((index) => {
      const { v: _v, ns: _ns, key, name, ...options } = index as Record<string, unknown> & { key: Record<string, unknown>; name: string };
      return { name, key, options };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Count and content digest of a collection as it is now (the same digest the backup wrote). */
export async function collectionDigest(db: Db, collection: string): Promise<{ count: number; contentSha256: string }> {
  const digest = new DocumentDigest();
  for await (const doc of db.collection(collection).find({}, { ...EXACT_READ, batchSize: 500 })) digest.add(documentLine(doc));
  return { count: digest.count, contentSha256: digest.hex() };
}

/** Whether a database holds any document (an empty collection does not count as data). */
export async function nonEmpty(db: Db): Promise<boolean> {
  for (const name of await listCollectionNames(db)) {
    if ((await db.collection(name).countDocuments({}, { limit: 1 })) > 0) return true;
  }
  return false;
}
