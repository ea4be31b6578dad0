import { Schema, type Connection, type Model } from 'mongoose';
import { withDatabaseRetries } from '@motherbot/core';

interface JoinRequestDoc {
  /** `<chatId>:<userId>`: a point key on FerretDB. */
  _id: string;
  at: Date;
}

const joinRequestSchema = new Schema<JoinRequestDoc>({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });

/** How many keys the store remembers as having no record (a bounded memory of spent requests). */
const ABSENT_REMEMBERED = 50_000;

/**
 * Who asked to join a join-request channel of the force-subscribe gate: a PENDING request counts
 * as joined (the owner approves when they like). A request is spent once it has been answered:
 * the gate saw the user as a member (or banned), or Telegram said it is no longer pending; from
 * then on membership alone counts, so a user who leaves later must join or ask again. One
 * document per channel and user, written, read and deleted by its string `_id`, so the gate's
 * check costs one point operation at any size.
 */
export class JoinRequests {
  private readonly model: Model<JoinRequestDoc>;
  /** Keys known to have no record (spent in this worker): a member's next check deletes nothing. */
  private readonly absent = new Set<string>();

  constructor(db: Connection) {
    this.model = (db.models.JoinRequest as Model<JoinRequestDoc> | undefined) ?? db.model<JoinRequestDoc>('JoinRequest', joinRequestSchema, 'join_requests');
  }

  static key(chatId: number, userId: number): string {
    return `${chatId}:${userId}`;
  }

  async record(chatId: number, userId: number, at = new Date()): Promise<void> {
    const key = JoinRequests.key(chatId, userId);
    this.absent.delete(key);
    await withDatabaseRetries(() => this.model.updateOne({ _id: key }, { $set: { at } }, { upsert: true }));
  }

  /** The request was answered (the user is a member, banned, or it is no longer pending): it no longer counts. */
  async spend(chatId: number, userId: number): Promise<void> {
    const key = JoinRequests.key(chatId, userId);
    if (this.absent.has(key)) return;
    await withDatabaseRetries(() => this.model.deleteOne({ _id: key }));
    if (this.absent.size >= ABSENT_REMEMBERED) this.absent.clear();
    this.absent.add(key);
  }

  async has(chatId: number, userId: number): Promise<boolean> {
    return (await withDatabaseRetries(() => this.model.findById(JoinRequests.key(chatId, userId)).lean())) !== null;
  }

  /** A user who asked to be forgotten: their requests go too (by key, for the channels given). */
  async forget(chatIds: number[], userId: number): Promise<void> {
    for (const chatId of chatIds) await this.spend(chatId, userId);
  }
}
