import { Schema, type Connection, type Model } from 'mongoose';
import type { SealedToken } from '../../crypto/tokenCrypto';
import { ignoringDuplicateKey, upsertRacing } from '../../db/databaseRetry';

/** A channel (or group) users must join before they get files. */
export interface ForceSubChannel {
  /** Telegram chat id (negative) of the channel. */
  chatId: number;
  title: string;
  /** Where the "join" button points: t.me/<username>, or the invite link the owner gave. */
  joinUrl: string;
  /** 'request': joinUrl creates join requests (made by the bot), and a request counts as subscribed. Absent = 'public'. */
  kind?: 'public' | 'request';
}

/** Which owner text a formatted draft is for. */
export type FormattedTextTarget = 'welcome' | 'forceSub' | 'verify';

/** The channel the clone indexes as its file library (new posts, `/index` ranges, range batches). */
export interface IndexChannel {
  chatId: number;
  title: string;
  /** Public @username without the `@`, or null for a private channel (its links are t.me/c/…). */
  username: string | null;
}

/** A premium offer the clone sells in Telegram Stars: `days` of premium for `stars`. */
export interface PremiumOffer {
  /** A random number given when the offer is made; a changed or removed offer never matches an old invoice. */
  id: number;
  days: number;
  stars: number;
}

export interface CloneSettingsDoc {
  _id: 'settings';
  /** Shown on /start; `{first_name}` and friends are filled in and escaped by the bot. */
  welcomeText: string;
  forceSubChannels: ForceSubChannel[];
  /** Delivered files cannot be forwarded or saved (Telegram's protect_content). */
  protectContent: boolean;
  /** Delivered files are deleted this many seconds after delivery; 0 = never. */
  autoDeleteSeconds: number;
  /** Whether users may /search the clone's files. */
  searchEnabled: boolean;
  /** Telegram ids the owner named as clone admins: they may do everything the owner does in the clone. */
  adminIds: number[];
  /** Channel where uploads are copied and from which they are delivered; null = by the bot's own file_id. */
  storageChannelId: number | null;
  /** Users must pass the owner's shortener once per window before they get files. */
  verifyEnabled: boolean;
  /** How long a passed verification lasts, in hours. */
  verifyWindowHours: number;
  /** An optional "how to verify" link shown beside the verify button. */
  verifyTutorialUrl: string | null;
  /** The shortener: a base URL (`<base>/api?api=<key>&url=<long>`) or a template with `{url}` and `{key}`. */
  shortenerApiUrl: string | null;
  /** The shortener's API key, sealed with the clone's key like the bot token; never shown back. */
  shortenerKey: SealedToken | null;
  /** Last 4 characters of the key, the only part ever shown. */
  shortenerKeyHint: string | null;
  /** When the shortener fails: give users the file anyway, or ask them to try again later. */
  shortenerFailMode: 'deliver' | 'retry';
  /** Links a non-premium user may open per UTC day; 0 = no limit. */
  dailyFileQuota: number;
  /** What `/premium` sells (at most CLONE_SETTINGS_LIMITS.premiumOffersMax); none by default. */
  premiumOffers: PremiumOffer[];
  /** Caption of every delivered file, with placeholders such as {file_name} (the clone's captionTemplate service); null = none. Plain text: sent with entities, never parsed as HTML. */
  captionTemplate: string | null;
  /** A template the owner typed and saw previewed, waiting for "Save". */
  captionTemplateDraft: string | null;
  /** Without a template: deliver the file's own caption (true) or none (false). */
  keepOriginalCaption: boolean;
  /** The button under every delivered file: none, a link to the owner's channel, or "share" (t.me/share of the file's link). */
  fileButton: 'none' | 'channel' | 'share';
  /** Where the channel button points (https://t.me/…). */
  fileButtonUrl: string | null;
  /** The welcome as safe HTML made from the owner's formatted message (the clone's entitiesToHtml); null = welcomeText, plain. */
  welcomeHtml: string | null;
  /** The welcome photo (this bot's own file_id), sent with the welcome as its caption; null = none. */
  welcomePhotoFileId: string | null;
  /** The force-subscribe message as safe HTML; null = the bot's own text in the user's language. */
  forceSubHtml: string | null;
  /** The message shown with the Verify button, as safe HTML; null = the bot's own text in the user's language. */
  verifyHtml: string | null;
  /** A formatted text the owner saw previewed, waiting for "Save". */
  formattedDraft: { target: FormattedTextTarget; html: string } | null;
  /** The bot approves join requests to request-kind force-subscribe channels (when it has the right). */
  joinRequestAutoApprove: boolean;
  /** Discovery buttons under the welcome: recent files, popular files, a random file. */
  discoveryRecent: boolean;
  discoveryPopular: boolean;
  discoveryRandom: boolean;
  /** The owner's welcome per language (locale → plain-text template like welcomeText); a language without one gets the main welcome. */
  welcomeByLocale: Record<string, string>;
  /** The connected channel whose posts become files; null = none. */
  indexChannel: IndexChannel | null;
  updatedAt: Date;
}

export const DEFAULT_WELCOME_TEXT = 'Hello {first_name}! Send me a share link to get your file.';

/** Every setting with its default, for a clone that never changed anything. */
export const DEFAULT_CLONE_SETTINGS: Omit<CloneSettingsDoc, '_id' | 'updatedAt'> = {
  welcomeText: DEFAULT_WELCOME_TEXT,
  forceSubChannels: [],
  protectContent: false,
  autoDeleteSeconds: 0,
  searchEnabled: false,
  adminIds: [],
  storageChannelId: null,
  verifyEnabled: false,
  verifyWindowHours: 24,
  verifyTutorialUrl: null,
  shortenerApiUrl: null,
  shortenerKey: null,
  shortenerKeyHint: null,
  shortenerFailMode: 'deliver',
  dailyFileQuota: 0,
  premiumOffers: [],
  captionTemplate: null,
  captionTemplateDraft: null,
  keepOriginalCaption: true,
  fileButton: 'none',
  fileButtonUrl: null,
  welcomeHtml: null,
  welcomePhotoFileId: null,
  forceSubHtml: null,
  verifyHtml: null,
  formattedDraft: null,
  joinRequestAutoApprove: false,
  discoveryRecent: false,
  discoveryPopular: false,
  discoveryRandom: false,
  welcomeByLocale: {},
  indexChannel: null,
};

/** Limits the bot enforces when the owner edits settings. */
export const CLONE_SETTINGS_LIMITS = { welcomeTextMax: 3000, forceSubChannelsMax: 5, adminsMax: 20, autoDeleteMaxSeconds: 7 * 24 * 3600, dailyFileQuotaMax: 10_000, verifyWindowsHours: [6, 12, 24], premiumOffersMax: 3, premiumDaysMax: 3650, premiumStarsMax: 10_000, captionTemplateMax: 1024 } as const;

/** The owner's settings of one clone, a single document in the clone's own database. */
export const cloneSettingsSchema: Schema<CloneSettingsDoc> = new Schema<CloneSettingsDoc>(
  {
    _id: { type: String, default: 'settings' },
    welcomeText: { type: String, default: DEFAULT_WELCOME_TEXT, maxlength: 4000 },
    forceSubChannels: { type: Schema.Types.Mixed, default: () => [] },
    protectContent: { type: Boolean, default: false },
    autoDeleteSeconds: { type: Number, default: 0 },
    searchEnabled: { type: Boolean, default: false },
    adminIds: { type: [Number], default: [] },
    storageChannelId: { type: Number, default: null },
    premiumOffers: { type: Schema.Types.Mixed, default: () => [] },
    welcomeByLocale: { type: Schema.Types.Mixed, default: () => ({}) },
    verifyEnabled: { type: Boolean, default: false },
    verifyWindowHours: { type: Number, default: 24 },
    verifyTutorialUrl: { type: String, default: null },
    shortenerApiUrl: { type: String, default: null },
    shortenerKey: { type: Schema.Types.Mixed, default: null },
    shortenerKeyHint: { type: String, default: null },
    shortenerFailMode: { type: String, enum: ['deliver', 'retry'], default: 'deliver' },
    dailyFileQuota: { type: Number, default: 0 },
    captionTemplate: { type: String, default: null },
    captionTemplateDraft: { type: String, default: null },
    keepOriginalCaption: { type: Boolean, default: true },
    fileButton: { type: String, enum: ['none', 'channel', 'share'], default: 'none' },
    fileButtonUrl: { type: String, default: null },
    indexChannel: { type: Schema.Types.Mixed, default: null },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false, strict: false, minimize: false },
);

export type CloneSettingsModel = Model<CloneSettingsDoc>;
export const cloneSettingsModel = (db: Connection): CloneSettingsModel =>
  (db.models.CloneSettings as CloneSettingsModel | undefined) ??
  db.model<CloneSettingsDoc>('CloneSettings', cloneSettingsSchema, 'settings');

/**
 * The settings document, created with defaults on first read. Fields missing from an older
 * document are filled with their defaults, so callers always see every setting.
 */
export async function loadCloneSettings(model: CloneSettingsModel): Promise<CloneSettingsDoc> {
  let doc = await model.findById('settings').lean<Partial<CloneSettingsDoc>>();
  if (!doc) {
    // Two first reads at once may both insert: the loser's duplicate-key error just means it exists now.
    await ignoringDuplicateKey(model.updateOne({ _id: 'settings' }, { $setOnInsert: { welcomeText: DEFAULT_WELCOME_TEXT, updatedAt: new Date() } }, { upsert: true }).exec());
    doc = await model.findById('settings').lean<Partial<CloneSettingsDoc>>();
  }
  return { ...DEFAULT_CLONE_SETTINGS, updatedAt: new Date(0), ...doc, _id: 'settings' };
}

/** Sets some settings (one single-document update); it may race the worker's first read creating the document. */
export async function updateCloneSettings(model: CloneSettingsModel, patch: Partial<Omit<CloneSettingsDoc, '_id'>>): Promise<void> {
  await upsertRacing(() => model.updateOne({ _id: 'settings' }, { $set: { ...patch, updatedAt: new Date() } }, { upsert: true }));
}
