import { Schema, type Connection, type Model } from 'mongoose';
import { withDatabaseRetries } from '@motherbot/core';

/** What a job does with the posts it reads: index them, or also make batch links of their files. */
export type IndexJobKind = 'index' | 'batch';
export type IndexJobStatus = 'running' | 'done' | 'cancelled' | 'failed';

/**
 * The clone's one indexing job (`index_jobs`, `_id` = 'current'): a range of posts of the
 * connected channel and how far it got. Written after every post, so a worker that restarts
 * goes on from `next`.
 */
export interface IndexJobDoc {
  _id: 'current';
  kind: IndexJobKind;
  status: IndexJobStatus;
  chatId: number;
  channelTitle: string;
  first: number;
  last: number;
  /** The next post to read. */
  next: number;
  /** Who started it: progress goes to their chat, and the posts are read through it. */
  userId: number;
  /** The message edited with the progress. */
  progressMessageId: number | null;
  /** The locale of whoever started it (the progress is written in it). */
  locale: string;
  /** Files stored new, files already stored (duplicates or read before), posts without a file, posts gone. */
  indexed: number;
  known: number;
  skipped: number;
  missing: number;
  /** For a range batch: the codes of the files found so far, in post order. */
  codes: string[];
  error: string | null;
  startedAt: Date;
  updatedAt: Date;
}

const schema = new Schema<IndexJobDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    status: { type: String, required: true },
    chatId: Number,
    channelTitle: String,
    first: Number,
    last: Number,
    next: Number,
    userId: Number,
    progressMessageId: { type: Number, default: null },
    locale: { type: String, default: 'en' },
    indexed: { type: Number, default: 0 },
    known: { type: Number, default: 0 },
    skipped: { type: Number, default: 0 },
    missing: { type: Number, default: 0 },
    codes: { type: [String], default: [] },
    error: { type: String, default: null },
    startedAt: Date,
    updatedAt: Date,
  },
  { versionKey: false, minimize: false },
);

/** The job document, read and written by its `_id` only. */
export class IndexJobs {
  private readonly model: Model<IndexJobDoc>;

  constructor(db: Connection) {
    this.model = (db.models.IndexJob as Model<IndexJobDoc> | undefined) ?? db.model<IndexJobDoc>('IndexJob', schema, 'index_jobs');
  }

  current(): Promise<IndexJobDoc | null> {
    return withDatabaseRetries(() => this.model.findById('current').lean<IndexJobDoc>());
  }

  /** Replaces the finished (or absent) job with a new one. */
  async start(job: Omit<IndexJobDoc, '_id' | 'startedAt' | 'updatedAt'>): Promise<IndexJobDoc> {
    const doc: IndexJobDoc = { ...job, _id: 'current', startedAt: new Date(), updatedAt: new Date() };
    await withDatabaseRetries(() => this.model.replaceOne({ _id: 'current' }, doc, { upsert: true }));
    return doc;
  }

  async update(fields: Partial<Omit<IndexJobDoc, '_id'>>): Promise<void> {
    await withDatabaseRetries(() => this.model.updateOne({ _id: 'current' }, { $set: { ...fields, updatedAt: new Date() } }));
  }
}
