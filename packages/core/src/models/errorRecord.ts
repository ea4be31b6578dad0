import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { redactText, redactValue } from '../logging/redact';

/** One occurrence kept with its context (never a secret: everything passes through redaction). */
export interface ErrorSample {
  at: Date;
  message: string;
  /** `mother`, `clone:<id>`, … */
  process: string;
  cloneId: string | null;
  updateType: string | null;
}

export interface ErrorRecordDoc {
  /** Fingerprint of kind + place. */
  _id: string;
  /** `error.code`, else the error's name (`TelegramError`, `MongoServerError`…). */
  kind: string;
  /** First stack frame inside our code (`cloneWorker.ts:123 CloneWorker.start`), or the log message. */
  place: string;
  count: number;
  firstAt: Date;
  lastAt: Date;
  lastMessage: string;
  /** The latest few occurrences, newest last. */
  samples: ErrorSample[];
  /** When the admins were told of this new kind (null: not yet). */
  alertedAt: Date | null;
}

/** How many occurrences each record keeps. */
export const ERROR_SAMPLES_KEPT = 5;

const sampleSchema = new Schema<ErrorSample>(
  {
    at: { type: Date, required: true },
    message: { type: String, default: '' },
    process: { type: String, default: '' },
    cloneId: { type: String, default: null },
    updateType: { type: String, default: null },
  },
  { _id: false },
);

/**
 * Errors of every process, grouped by kind and place and counted. The mother and the clone
 * workers write here through {@link recordError}; the mother shows them in `/errors` and on the
 * status page and alerts the admins of each new kind.
 */
export const errorRecordSchema = new Schema<ErrorRecordDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    place: { type: String, required: true },
    count: { type: Number, default: 0 },
    firstAt: { type: Date, required: true },
    lastAt: { type: Date, required: true },
    lastMessage: { type: String, default: '' },
    samples: { type: [sampleSchema], default: [] },
    alertedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
errorRecordSchema.index({ lastAt: -1 });
errorRecordSchema.index({ alertedAt: 1 });

export type ErrorRecordModel = Model<ErrorRecordDoc>;
export const errorRecordModel = (db: Connection): ErrorRecordModel =>
  (db.models.ErrorRecord as ErrorRecordModel | undefined) ?? db.model<ErrorRecordDoc>('ErrorRecord', errorRecordSchema, 'error_records');

export interface ErrorContext {
  process: string;
  cloneId?: string | null;
  updateType?: string | null;
}

/** Kind and place of an error (also of a plain object shaped like one, as logged errors are). */
export function classifyError(error: unknown, fallbackPlace = 'unknown'): { kind: string; place: string; message: string } {
  const e = (error ?? {}) as { code?: unknown; name?: unknown; message?: unknown; stack?: unknown };
  const kind = typeof e.code === 'string' || typeof e.code === 'number' ? String(e.code) : typeof e.name === 'string' ? e.name : 'Error';
  const message = typeof e.message === 'string' ? e.message : typeof error === 'string' ? error : String(error);
  return { kind: kind.slice(0, 80), place: firstFrame(typeof e.stack === 'string' ? e.stack : '') ?? fallbackPlace.slice(0, 120), message };
}

/**
 * The first stack frame in our own code (not node_modules, not node:internal), as
 * `file.ts:line function`: stable across deployments (no absolute paths, no columns).
 */
export function firstFrame(stack: string): string | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const m = /^\s*at (?:(.+?) \()?(.+?):(\d+):\d+\)?$/.exec(line);
    if (!m) continue;
    const file = m[2] ?? '';
    if (file.includes('node_modules') || file.startsWith('node:')) continue;
    const base = file.replace(/^.*[\\/]/, '');
    return `${base}:${m[3]}${m[1] ? ` ${m[1].replace(/^async /, '')}` : ''}`;
  }
  return undefined;
}

const fingerprint = (kind: string, place: string): string => createHash('sha256').update(`${kind}\n${place}`).digest('hex').slice(0, 16);

/**
 * Counts one occurrence of `error`. A new kind is inserted (the one write FerretDB makes atomic:
 * of two racing inserts one fails with 11000, and that one updates instead); a known kind gets
 * `$inc` and its samples list, trimmed in code (FerretDB ignores `$slice` in `$push`). Two
 * processes writing one kind at the same instant may lose a count or a sample on FerretDB
 * (read-then-replace); each process serialises its own writes (ErrorRecordTransport), so that
 * is rare and harmless. The message is redacted before it is stored. Returns whether the kind
 * was new.
 */
export async function recordError(
  model: ErrorRecordModel,
  error: unknown,
  context: ErrorContext,
  now: Date = new Date(),
  fallbackPlace?: string,
): Promise<{ id: string; isNew: boolean }> {
  const redacted = redactValue(error);
  const { kind, place, message } = classifyError(redacted, fallbackPlace);
  const id = fingerprint(kind, place);
  const sample: ErrorSample = {
    at: now,
    message: redactText(message).slice(0, 500),
    process: context.process,
    cloneId: context.cloneId ?? null,
    updateType: context.updateType ?? null,
  };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const existing = await model.findById(id, { samples: 1 }).lean<Pick<ErrorRecordDoc, '_id' | 'samples'>>();
    if (existing) {
      await model.updateOne(
        { _id: id },
        {
          $inc: { count: 1 },
          $set: { lastAt: now, lastMessage: sample.message, samples: [...(existing.samples ?? []), sample].slice(-ERROR_SAMPLES_KEPT) },
        },
      );
      return { id, isNew: false };
    }
    try {
      await model.create({ _id: id, kind, place, count: 1, firstAt: now, lastAt: now, lastMessage: sample.message, samples: [sample], alertedAt: null });
      return { id, isNew: true };
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
  throw new Error(`error record ${id}: could not be written`);
}
