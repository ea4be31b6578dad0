import mongoose from 'mongoose';

/**
 * One `ping` round trip with a short-lived client; resolves with the latency in ms or rejects.
 * Used by the launcher's readiness wait and by health probes that must not reuse a pool.
 */
export async function pingMongo(uri: string, timeoutMs = 2000): Promise<number> {
  const client = new mongoose.mongo.MongoClient(uri, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    maxPoolSize: 1,
  });
  const started = performance.now();
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return performance.now() - started;
  } finally {
    await client.close(true).catch(() => undefined);
  }
}
