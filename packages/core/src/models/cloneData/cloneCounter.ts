import { Schema, type Connection, type Model } from 'mongoose';

/** The clone-wide totals: `_id: 'totals'`. */
export interface CloneTotals {
  users: number;
  blocked: number;
  files: number;
  batches: number;
  deliveries: number;
}

/** Premium sold in Telegram Stars, in `totals` beside CloneTotals. */
export interface CloneStarTotals {
  /** Stars received, refunds not taken off. */
  stars: number;
  starPayments: number;
  starsRefunded: number;
}

/** One UTC day: `_id: 'day:YYYY-MM-DD'`. */
export interface CloneDayCounts {
  newUsers: number;
  deliveries: number;
}

/** The most opened links, highest first: `_id: 'top'`. */
export interface CloneTopLinks {
  links: Array<{ code: string; deliveries: number }>;
}

/**
 * The aggregates a clone shows (/stats), kept up to date by `$inc` on a few documents instead
 * of being counted at request time: on FerretDB a count reads the whole collection, so a
 * counted statistic gets slower with every user the clone wins. Keys: `totals`, `day:<date>`,
 * `link:<code>`, `top`. One writer per clone database (the worker's stats writer, or a
 * migration before the worker polls), so `$inc` never races (docs/database.md).
 */
export interface CloneCounterDoc extends Partial<CloneTotals>, Partial<CloneStarTotals>, Partial<CloneDayCounts>, Partial<CloneTopLinks> {
  _id: string;
}

export const TOP_LINKS_KEPT = 10;

export const counterKeys = {
  totals: 'totals',
  top: 'top',
  day: (at: Date): string => `day:${at.toISOString().slice(0, 10)}`,
  link: (code: string): string => `link:${code}`,
} as const;

export const cloneCounterSchema = new Schema<CloneCounterDoc>(
  { _id: { type: String, required: true } },
  { versionKey: false, strict: false, minimize: false },
);

export type CloneCounterModel = Model<CloneCounterDoc>;
export const cloneCounterModel = (db: Connection): CloneCounterModel =>
  (db.models.CloneCounter as CloneCounterModel | undefined) ?? db.model<CloneCounterDoc>('CloneCounter', cloneCounterSchema, 'counters');
