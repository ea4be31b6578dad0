import { Schema, type Connection, type Model } from 'mongoose';

export interface CloneSettingsDoc {
  _id: 'settings';
  /** Shown on /start; `{first_name}` and friends are filled in and escaped by the bot. */
  welcomeText: string;
  updatedAt: Date;
}

export const DEFAULT_WELCOME_TEXT = 'Hello {first_name}! Send me a share link to get your file.';

/** The owner's settings of one clone, a single document in the clone's own database. */
export const cloneSettingsSchema = new Schema<CloneSettingsDoc>(
  {
    _id: { type: String, default: 'settings' },
    welcomeText: { type: String, default: DEFAULT_WELCOME_TEXT, maxlength: 4000 },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false, strict: false },
);

export type CloneSettingsModel = Model<CloneSettingsDoc>;
export const cloneSettingsModel = (db: Connection): CloneSettingsModel =>
  (db.models.CloneSettings as CloneSettingsModel | undefined) ??
  db.model<CloneSettingsDoc>('CloneSettings', cloneSettingsSchema, 'settings');

/** The settings document, created with defaults on first read. */
export async function loadCloneSettings(model: CloneSettingsModel): Promise<CloneSettingsDoc> {
  const doc = await model
    .findOneAndUpdate({ _id: 'settings' }, { $setOnInsert: { welcomeText: DEFAULT_WELCOME_TEXT, updatedAt: new Date() } }, { upsert: true, returnDocument: 'after' })
    .lean<CloneSettingsDoc>();
  return doc!;
}
