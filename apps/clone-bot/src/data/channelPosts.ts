import { Schema, type Connection, type Model } from 'mongoose';
import { withDatabaseRetries } from '@motherbot/core';

/** `channel_posts`: what one post of the indexed channel became; `_id` = `<chat id>:<message id>`. */
interface ChannelPostDoc {
  _id: string;
  /** The share code of its file, or null: the post has no file the clone stores. */
  code: string | null;
}

const schema = new Schema<ChannelPostDoc>({ _id: { type: String, required: true }, code: { type: String, default: null } }, { versionKey: false });

/**
 * The posts of the connected channel the clone has read, by point key: a range batch or a
 * second `/index` of the same range skips them without asking Telegram again.
 */
export class ChannelPosts {
  private readonly model: Model<ChannelPostDoc>;

  constructor(db: Connection) {
    this.model = (db.models.ChannelPost as Model<ChannelPostDoc> | undefined) ?? db.model<ChannelPostDoc>('ChannelPost', schema, 'channel_posts');
  }

  /** The code of a post read before (null: it had no file); undefined when it was never read. */
  async get(chatId: number, messageId: number): Promise<string | null | undefined> {
    const doc = await withDatabaseRetries(() => this.model.findById(`${chatId}:${messageId}`).lean<ChannelPostDoc>());
    return doc ? doc.code : undefined;
  }

  async set(chatId: number, messageId: number, code: string | null): Promise<void> {
    await withDatabaseRetries(() => this.model.updateOne({ _id: `${chatId}:${messageId}` }, { $set: { code } }, { upsert: true }));
  }
}
