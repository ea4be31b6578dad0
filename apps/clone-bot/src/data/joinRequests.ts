import { Schema, type Connection, type Model } from 'mongoose';
import { withDatabaseRetries } from '@motherbot/core';

interface JoinRequestDoc {
  /** `<chatId>:<userId>`: a point key on FerretDB. */
  _id: string;
  at: Date;
}

const joinRequestSchema = new Schema<JoinRequestDoc>({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });

/**
 * Who asked to join a join-request channel of the force-subscribe gate: such a request counts
 * as joined (the owner approves when they like). One document per channel and user, written
 * and read by its string `_id`, so the gate's check costs one point read at any size.
 */
export class JoinRequests {
  private readonly model: Model<JoinRequestDoc>;

  constructor(db: Connection) {
    this.model = (db.models.JoinRequest as Model<JoinRequestDoc> | undefined) ?? db.model<JoinRequestDoc>('JoinRequest', joinRequestSchema, 'join_requests');
  }

  static key(chatId: number, userId: number): string {
    return `${chatId}:${userId}`;
  }

  async record(chatId: number, userId: number, at = new Date()): Promise<void> {
    await withDatabaseRetries(() => this.model.updateOne({ _id: JoinRequests.key(chatId, userId) }, { $set: { at } }, { upsert: true }));
  }

  async has(chatId: number, userId: number): Promise<boolean> {
    return (await withDatabaseRetries(() => this.model.findById(JoinRequests.key(chatId, userId)).lean())) !== null;
  }

  /** A user who asked to be forgotten: their requests go too (by key, for the channels given). */
  async forget(chatIds: number[], userId: number): Promise<void> {
    for (const chatId of chatIds) await withDatabaseRetries(() => this.model.deleteOne({ _id: JoinRequests.key(chatId, userId) }));
  }
}
