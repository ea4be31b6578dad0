import { Schema, type Connection, type Model } from 'mongoose';
import { withDatabaseRetries } from '../db/databaseRetry';

export interface UserLanguageDoc {
  /** Telegram user id as a decimal string (a point write on FerretDB). */
  _id: string;
  /** The locale the user chose with /language. */
  locale: string;
  updatedAt: Date;
}

/** A user's chosen language, in whichever database the bot keeps its users (the platform's or a clone's). */
export const userLanguageSchema = new Schema<UserLanguageDoc>(
  {
    _id: { type: String, required: true },
    locale: { type: String, required: true },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);

export type UserLanguageModel = Model<UserLanguageDoc>;
export const userLanguageModel = (db: Connection): UserLanguageModel =>
  (db.models.UserLanguage as UserLanguageModel | undefined) ?? db.model<UserLanguageDoc>('UserLanguage', userLanguageSchema, 'user_languages');

/**
 * The languages users chose with /language, held in memory: the bot asks on every update, and
 * a database read there would cost every user for what few ever set. Only users who chose are
 * stored, so the collection stays small; it is read whole once at start (off the update's path)
 * and each choice is a point write. Exact as long as this process is the only writer, which
 * holds for a clone's worker and for the mother.
 */
export class UserLanguages {
  private readonly chosen = new Map<number, string>();
  private loaded: Promise<void> | undefined;

  constructor(private readonly model: UserLanguageModel) {}

  /** Reads every stored choice; call once at start. Never rejects twice: a failure can be retried. */
  load(): Promise<void> {
    this.loaded ??= withDatabaseRetries(() => this.model.find({}, { locale: 1 }).lean<Array<Pick<UserLanguageDoc, '_id' | 'locale'>>>())
      .then((docs) => {
        for (const d of docs) if (!this.chosen.has(Number(d._id))) this.chosen.set(Number(d._id), d.locale);
      })
      .catch((error: unknown) => {
        this.loaded = undefined;
        throw error;
      });
    return this.loaded;
  }

  /**
   * Reads every stored choice again, replacing what is held: for a process that starts taking
   * updates long after its start (a standby mother that becomes the leader), while another
   * process was the writer.
   */
  async reload(): Promise<void> {
    const docs = await withDatabaseRetries(() => this.model.find({}, { locale: 1 }).lean<Array<Pick<UserLanguageDoc, '_id' | 'locale'>>>());
    this.chosen.clear();
    for (const d of docs) this.chosen.set(Number(d._id), d.locale);
    this.loaded = Promise.resolve();
  }

  /** The user's chosen locale, or undefined when they never chose (then their Telegram language decides). */
  get(userId: number): string | undefined {
    return this.chosen.get(userId);
  }

  /** Stores a choice; `null` forgets it (back to the Telegram language). */
  async set(userId: number, locale: string | null): Promise<void> {
    const _id = String(userId);
    if (locale === null) {
      await withDatabaseRetries(() => this.model.deleteOne({ _id }));
      this.chosen.delete(userId);
      return;
    }
    await withDatabaseRetries(() => this.model.updateOne({ _id }, { $set: { locale, updatedAt: new Date() } }, { upsert: true }));
    this.chosen.set(userId, locale);
  }
}
