import type { Connection } from 'mongoose';
import type { BroadcastCounters } from './types';
import { emptyCursor, outcomeId, type BroadcastDoc, type BroadcastModels, type LegacyRecipientDoc } from './broadcastModels';
import { appendChunks } from './recipientList';
import { INTERRUPTED_REASON } from './interrupted';

/**
 * Carries a broadcast made by the first engine (one `broadcast_recipients` document per chat)
 * over to chunks: recipients already settled first, then the pending ones, with the cursor after
 * the settled ones. A recipient left `sending` by a crash becomes `unknown`, as before. Runs
 * once per unfinished broadcast, off any update's path (the runner, or adding recipients).
 * Idempotent: chunks are upserted and the broadcast document is written last.
 */
export async function upgradeLegacyBroadcast(db: Connection, models: BroadcastModels, doc: BroadcastDoc): Promise<BroadcastDoc> {
  if (Array.isArray(doc.chunkLengths) && doc.chunkLengths.length > 0) return doc;
  const legacy = db.collection<LegacyRecipientDoc>('broadcast_recipients');
  const recipients = await legacy.find({ broadcastId: doc._id }).sort({ _id: 1 }).toArray();
  if (recipients.length === 0) return { ...doc, chunkLengths: doc.chunkLengths ?? [], cursor: doc.cursor ?? emptyCursor() };

  const settled = recipients.filter((r) => r.status !== 'pending');
  const pending = recipients.filter((r) => r.status === 'pending');
  const counters: BroadcastCounters = { total: recipients.length, sent: 0, blocked: 0, failed: 0, unknown: 0 };
  const outcomes = [];
  const now = new Date();
  for (const r of settled) {
    const status = r.status === 'sending' ? 'unknown' : r.status;
    if (status === 'pending') continue;
    counters[status] += 1;
    if (status !== 'sent') {
      const reason = r.status === 'sending' ? INTERRUPTED_REASON : r.reason;
      outcomes.push({ _id: outcomeId(doc._id, r.chatId), broadcastId: doc._id, chatId: r.chatId, status, reason, at: now });
    }
  }
  const chunkLengths = await appendChunks(models.Chunk, doc._id, [], [...settled, ...pending].map((r) => r.chatId));
  for (let i = 0; i < outcomes.length; i += 1000) {
    await models.Outcome.bulkWrite(
      outcomes.slice(i, i + 1000).map((o) => ({ replaceOne: { filter: { _id: o._id }, replacement: o, upsert: true } })),
    );
  }
  const cursor = { next: settled.length, retry: [], inFlight: [] };
  await models.Broadcast.updateOne({ _id: doc._id }, { $set: { chunkLengths, cursor, counters } });
  return { ...doc, chunkLengths, cursor, counters };
}
