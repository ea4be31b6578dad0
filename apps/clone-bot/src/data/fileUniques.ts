import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError, withDatabaseRetries } from '@motherbot/core';

/** `file_uniques`: one document per stored file content, `_id` = Telegram's file_unique_id. */
interface FileUniqueDoc {
  _id: string;
  /** The share code of the file that holds this content. */
  code: string;
}

const schema = new Schema<FileUniqueDoc>({ _id: { type: String, required: true }, code: { type: String, required: true } }, { versionKey: false });

/**
 * Which share code already holds a file's content, so the same file (same `file_unique_id`,
 * uploaded twice or posted again in the channel) is stored once. A map keyed by the unique id:
 * on FerretDB any filter but `{_id}` scans the collection, so the files are never queried by
 * `fileUniqueId` on an update's path.
 */
export class FileUniques {
  private readonly model: Model<FileUniqueDoc>;

  constructor(db: Connection) {
    this.model = (db.models.FileUnique as Model<FileUniqueDoc> | undefined) ?? db.model<FileUniqueDoc>('FileUnique', schema, 'file_uniques');
  }

  /**
   * Claims the content for `code`: returns `code` when this call stored it first, else the code
   * that already holds it (an insert, and a point read only when the insert finds one).
   */
  async claim(fileUniqueId: string, code: string): Promise<string> {
    try {
      await withDatabaseRetries(() => this.model.create({ _id: fileUniqueId, code }));
      return code;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const held = await withDatabaseRetries(() => this.model.findById(fileUniqueId).lean<FileUniqueDoc>());
    return held?.code ?? code;
  }

  /** Points the content at `code` (the code that held it was deleted). */
  async set(fileUniqueId: string, code: string): Promise<void> {
    await withDatabaseRetries(() => this.model.updateOne({ _id: fileUniqueId }, { $set: { code } }, { upsert: true }));
  }
}
