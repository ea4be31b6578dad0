import { Schema, type Connection, type Model } from 'mongoose';

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface AlertDoc {
  /** The alert key: what is wrong, and with what (`clone.stale:<id>`, `disk:data`). */
  _id: string;
  state: 'firing' | 'resolved';
  severity: AlertSeverity;
  /** One line in English (logs, the status page, and the admins' text when `text` is absent); never a secret. */
  summary: string;
  /** The same line as a catalog key and its parameters, for each admin's language (absent on alerts stored before). */
  text?: AlertText | null;
  /** Start of the current (or last) firing episode. */
  since: Date;
  /** Last time a watcher saw the condition. */
  lastSeenAt: Date;
  /** Last time the admins were sent this alert (firing or reminder); null: never. */
  lastSentAt: Date | null;
  /** Whether the admins were told of the current episode (then they are told it recovered). */
  notified: boolean;
  resolvedAt: Date | null;
  /** Firing episodes so far, and messages sent for this key. */
  episodes: number;
  sent: number;
  /** Optimistic-concurrency revision: every write is guarded by it (no transactions). */
  rev: number;
}

/**
 * Alert state, one document per alert key, so that a restart of the mother neither repeats an
 * alert it already sent nor forgets one it must still resolve. Written only through
 * {@link transitionAlert}: read, decide in code, write with `{ _id, rev }` as the guard.
 */
export const alertSchema = new Schema<AlertDoc>(
  {
    _id: { type: String, required: true },
    state: { type: String, enum: ['firing', 'resolved'], required: true },
    severity: { type: String, enum: ['info', 'warning', 'critical'], required: true },
    summary: { type: String, default: '' },
    text: { type: Schema.Types.Mixed, default: null },
    since: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    lastSentAt: { type: Date, default: null },
    notified: { type: Boolean, default: false },
    resolvedAt: { type: Date, default: null },
    episodes: { type: Number, default: 0 },
    sent: { type: Number, default: 0 },
    rev: { type: Number, default: 0 },
  },
  { versionKey: false },
);
alertSchema.index({ state: 1 });

export type AlertModel = Model<AlertDoc>;
export const alertModel = (db: Connection): AlertModel =>
  (db.models.Alert as AlertModel | undefined) ?? db.model<AlertDoc>('Alert', alertSchema, 'alerts');

/** An alert's line as a message-catalog key and its parameters (plain values; the renderer escapes them). */
export interface AlertText {
  key: string;
  params?: Readonly<Record<string, string | number>>;
}

/** What a watcher says about one alert key right now. */
export interface AlertObservation {
  key: string;
  severity: AlertSeverity;
  summary: string;
  text?: AlertText;
  /** Remind the admins every cooldown while it keeps firing (default: only `critical` does). */
  remind?: boolean;
}

/** What the admins must be told after a transition: nothing, a new alert, a reminder, or the recovery. */
export type AlertNotice = 'firing' | 'reminder' | 'recovered' | null;

export interface AlertTransition {
  notice: AlertNotice;
  alert: AlertDoc;
}

/**
 * The rules, pure. Firing: a key seen for the first time, or again after it resolved, is sent
 * unless it was sent within `cooldownMs` (a flapping condition stays quiet, and is sent when it
 * still fires after the cooldown). A `remind` alert is sent again every cooldown while it fires.
 * Resolving: the admins hear "recovered" only of an episode they were told about.
 */
export function nextAlertState(
  current: AlertDoc | null,
  observation: AlertObservation | { key: string; resolved: true },
  now: Date,
  cooldownMs: number,
): { next: AlertDoc; notice: AlertNotice } | null {
  const cooled = (doc: AlertDoc): boolean => !doc.lastSentAt || now.getTime() - doc.lastSentAt.getTime() >= cooldownMs;
  if ('resolved' in observation) {
    if (!current || current.state !== 'firing') return null;
    const notice: AlertNotice = current.notified ? 'recovered' : null;
    return {
      next: { ...current, state: 'resolved', resolvedAt: now, notified: false, sent: current.sent + (notice ? 1 : 0), rev: current.rev + 1 },
      notice,
    };
  }
  const { key, severity, summary } = observation;
  const text = observation.text ?? null;
  const remind = observation.remind ?? severity === 'critical';
  if (!current || current.state === 'resolved') {
    const base: AlertDoc = current ?? {
      _id: key, state: 'firing', severity, summary, text, since: now, lastSeenAt: now, lastSentAt: null,
      notified: false, resolvedAt: null, episodes: 0, sent: 0, rev: 0,
    };
    const send = cooled(base);
    return {
      next: {
        ...base, state: 'firing', severity, summary, text, since: now, lastSeenAt: now, resolvedAt: null, episodes: base.episodes + 1,
        notified: send, lastSentAt: send ? now : base.lastSentAt, sent: base.sent + (send ? 1 : 0), rev: base.rev + 1,
      },
      notice: send ? 'firing' : null,
    };
  }
  // Firing already: a worse severity is news; otherwise a reminder or an unsent episode after the cooldown.
  const escalated = rank(severity) > rank(current.severity);
  const send = escalated || (cooled(current) && (!current.notified || remind));
  return {
    next: {
      ...current, severity, summary, text, lastSeenAt: now,
      notified: current.notified || send, lastSentAt: send ? now : current.lastSentAt, sent: current.sent + (send ? 1 : 0), rev: current.rev + 1,
    },
    notice: send ? (current.notified && !escalated ? 'reminder' : 'firing') : null,
  };
}

const rank = (s: AlertSeverity): number => (s === 'critical' ? 2 : s === 'warning' ? 1 : 0);

/**
 * Applies {@link nextAlertState} to the stored document: a single-document write guarded by the
 * revision read (or an insert that collides on `_id`); on a lost race it reads again and decides
 * again. On MongoDB the guard makes racing writers safe; on FerretDB (read-then-replace) only a
 * single writer is, so the mother alerts only while it holds the clone-manager lease.
 * No transactions, no projection in findOneAndUpdate.
 */
export async function transitionAlert(
  model: AlertModel,
  observation: AlertObservation | { key: string; resolved: true },
  now: Date,
  cooldownMs: number,
): Promise<AlertTransition | null> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const current = await model.findById(observation.key).lean<AlertDoc>();
    const decided = nextAlertState(current, observation, now, cooldownMs);
    if (!decided) return null;
    const { _id, ...fields } = decided.next;
    if (!current) {
      try {
        await model.create(decided.next);
        return { notice: decided.notice, alert: decided.next };
      } catch (error) {
        if ((error as { code?: number }).code === 11000) continue;
        throw error;
      }
    }
    const written = await model.updateOne({ _id, rev: current.rev }, { $set: fields });
    if (written.matchedCount === 1) return { notice: decided.notice, alert: decided.next };
  }
  throw new Error(`alert ${observation.key}: too many concurrent writers`);
}

/** Keys of alerts firing now whose key starts with `prefix` (a watcher resolves the ones it no longer sees). */
export async function firingAlertKeys(model: AlertModel, prefix: string): Promise<string[]> {
  const docs = await model.find({ state: 'firing' }, { _id: 1 }).lean();
  return docs.map((d) => d._id).filter((id) => id.startsWith(prefix));
}
