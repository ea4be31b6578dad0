import { Schema, type Connection, type Model } from 'mongoose';

/** The kinds of message a clone stores and delivers. */
export const CLONE_FILE_KINDS = ['document', 'photo', 'video', 'audio', 'voice', 'animation'] as const;
export type CloneFileKind = (typeof CLONE_FILE_KINDS)[number];

export interface CloneFileDoc {
  /** The share code (also the deep-link payload): random, see the clone bot's linkCodes. */
  _id: string;
  kind: CloneFileKind;
  /** The clone bot's own file_id: file_ids are valid only for the bot that received them. */
  fileId: string;
  fileUniqueId: string;
  fileName: string;
  mimeType: string | null;
  size: number | null;
  caption: string | null;
  /** Telegram entities of the caption, kept so the copy looks like the original. */
  captionEntities: unknown[] | null;
  /** Lowercased name and caption, searched with an escaped regex (no $text index on FerretDB). */
  searchText: string;
  /** Where the file was copied, when the owner set a storage channel; delivered from there. */
  storage: { chatId: number; messageId: number } | null;
  createdBy: number;
  createdAt: Date;
  /** Set by /delete: the link then answers "deleted"; the document stays for the stats. */
  deletedAt: Date | null;
}

/** One stored file of a clone: what a single share link delivers. */
export const cloneFileSchema: Schema<CloneFileDoc> = new Schema<CloneFileDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: CLONE_FILE_KINDS },
    fileId: { type: String, required: true },
    fileUniqueId: { type: String, required: true },
    fileName: { type: String, default: '' },
    mimeType: { type: String, default: null },
    size: { type: Number, default: null },
    caption: { type: String, default: null },
    captionEntities: { type: Schema.Types.Mixed, default: null },
    searchText: { type: String, default: '' },
    storage: { type: Schema.Types.Mixed, default: null },
    createdBy: { type: Number, required: true },
    createdAt: { type: Date, default: () => new Date() },
    deletedAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false },
);

export type CloneFileModel = Model<CloneFileDoc>;
export const cloneFileModel = (db: Connection): CloneFileModel =>
  (db.models.CloneFile as CloneFileModel | undefined) ?? db.model<CloneFileDoc>('CloneFile', cloneFileSchema, 'files');
