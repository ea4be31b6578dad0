import { randomInt } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { withDatabaseRetries, type CloneFileDoc } from '@motherbot/core';

/** How many newest files the recent list keeps, and how many the random sample holds. */
export const RECENT_KEPT = 20;
export const SAMPLE_KEPT = 200;

interface DiscoveryDoc {
  /** 'lists': the one document. */
  _id: string;
  /** Codes of the newest files, newest first. */
  recent: string[];
  /** A uniform sample of every file ever added (reservoir sampling), for the random button. */
  sample: string[];
  /** Files the sample has seen. */
  seen: number;
  /** Set once the lists hold the files from before they existed (one scan, see ensureBuilt). */
  built?: boolean;
}

const discoverySchema = new Schema<DiscoveryDoc>(
  { _id: { type: String, required: true }, recent: { type: [String], default: [] }, sample: { type: [String], default: [] }, seen: { type: Number, default: 0 }, built: { type: Boolean, default: false } },
  { versionKey: false },
);

/**
 * The lists behind the "recent" and "random" buttons, precomputed so a press costs one point
 * read (cached here, this worker being their only writer) and never a scan: the newest codes
 * and a reservoir sample of all codes, both in one document kept up to date on every upload and
 * delete. Built once from the files collection (in the background, after the bot polls), so
 * files uploaded before the lists existed are in them.
 */
export class RecentFiles {
  private readonly model: Model<DiscoveryDoc>;
  private doc: DiscoveryDoc | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(db: Connection) {
    this.model = (db.models.DiscoveryLists as Model<DiscoveryDoc> | undefined) ?? db.model<DiscoveryDoc>('DiscoveryLists', discoverySchema, 'discovery');
  }

  /** The lists (one point read, then memory). */
  async lists(): Promise<DiscoveryDoc> {
    if (!this.doc) {
      const stored = await withDatabaseRetries(() => this.model.findById('lists').lean<Partial<DiscoveryDoc>>());
      // A field missing (a half-built document) reads as empty: the next change writes it whole.
      this.doc = { _id: 'lists', recent: stored?.recent ?? [], sample: stored?.sample ?? [], seen: stored?.seen ?? 0, built: stored?.built ?? false };
    }
    return this.doc;
  }

  /**
   * Builds the lists from the files collection when they were never built: one scan, once per
   * clone. Uploads meanwhile are kept: the scan is merged into the lists as they are then.
   */
  async ensureBuilt(): Promise<void> {
    if ((await withDatabaseRetries(() => this.model.findById('lists').lean<DiscoveryDoc>()))?.built) return;
    const codes: Array<{ code: string; at: number }> = [];
    for await (const f of this.model.db.collection('files').find({ deletedAt: null }, { projection: { _id: 1, createdAt: 1 } })) {
      codes.push({ code: String(f._id), at: f.createdAt instanceof Date ? f.createdAt.getTime() : 0 });
    }
    codes.sort((a, b) => b.at - a.at);
    const all = codes.map((c) => c.code);
    const sample = all.length <= SAMPLE_KEPT ? all : Array.from({ length: SAMPLE_KEPT }, () => all[randomInt(all.length)]!);
    this.change((d) => {
      d.recent = [...new Set([...d.recent, ...all])].slice(0, RECENT_KEPT);
      d.sample = [...new Set([...d.sample, ...sample])].slice(0, SAMPLE_KEPT);
      d.seen = Math.max(d.seen, all.length);
      d.built = true;
    });
    await this.writing;
  }

  /** A file was added: first in the recent list, maybe into the sample. */
  added(file: Pick<CloneFileDoc, '_id'>): void {
    this.change((d) => {
      d.recent = [file._id, ...d.recent.filter((c) => c !== file._id)].slice(0, RECENT_KEPT);
      d.seen += 1;
      if (d.sample.length < SAMPLE_KEPT) d.sample.push(file._id);
      else {
        const slot = randomInt(d.seen);
        if (slot < SAMPLE_KEPT) d.sample[slot] = file._id;
      }
    });
  }

  /** A file was deleted: out of both lists. */
  removed(code: string): void {
    this.change((d) => {
      d.recent = d.recent.filter((c) => c !== code);
      d.sample = d.sample.filter((c) => c !== code);
    });
  }

  /** Applies a change to the lists and writes the document; one write at a time, in order. */
  private change(apply: (d: DiscoveryDoc) => void): void {
    this.writing = this.writing
      .then(async () => {
        const d = structuredClone(await this.lists());
        apply(d);
        this.doc = d;
        await withDatabaseRetries(() => this.model.updateOne({ _id: 'lists' }, { $set: { recent: d.recent, sample: d.sample, seen: d.seen, built: d.built ?? false } }, { upsert: true }));
      })
      .catch(() => undefined);
  }

  /** Waits for the writes in progress (tests, stop). */
  settled(): Promise<void> {
    return this.writing;
  }
}
