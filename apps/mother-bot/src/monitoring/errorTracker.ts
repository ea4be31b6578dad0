import { ErrorRecordTransport, type ErrorRecordDoc, type ErrorRecordModel, type Logger } from '@motherbot/core';
import type { AlertManager } from './alertManager';
import { observe } from './alertTexts';

/** At most this many new kinds are announced one by one per watch pass; more are summed up. */
const ANNOUNCE_ONE_BY_ONE = 3;

/**
 * Error tracking on the mother's side: its own error-level log lines are recorded (a transport
 * on its logger), and each new kind — from any process, workers included, since they write the
 * same collection — is announced to the admins once. "Once" survives restarts and two mothers:
 * a kind is claimed by setting `alertedAt` with a guard on it being null.
 */
export class ErrorTracker {
  readonly transport: ErrorRecordTransport;

  constructor(
    private readonly model: ErrorRecordModel,
    private readonly alerts: AlertManager,
    private readonly clock: () => Date,
  ) {
    this.transport = new ErrorRecordTransport(model, { process: 'mother' }, clock);
  }

  attach(logger: Logger): void {
    logger.add(this.transport);
  }

  async detach(logger: Logger): Promise<void> {
    logger.remove(this.transport);
    await this.transport.flush();
  }

  /** Announces kinds not yet announced. Returns how many were claimed. */
  async announceNewKinds(): Promise<number> {
    const now = this.clock();
    const fresh = await this.model.find({ alertedAt: null }).sort({ firstAt: 1 }).limit(50).lean<ErrorRecordDoc[]>();
    const claimed: ErrorRecordDoc[] = [];
    for (const record of fresh) {
      const won = await this.model.updateOne({ _id: record._id, alertedAt: null }, { $set: { alertedAt: now } });
      if (won.modifiedCount === 1) claimed.push(record);
    }
    if (claimed.length === 0) return 0;
    if (claimed.length <= ANNOUNCE_ONE_BY_ONE) {
      for (const r of claimed) {
        const params = { process: r.samples.at(-1)?.process ?? '?', kind: r.kind, place: r.place, message: r.lastMessage };
        await this.alerts.announce(observe(`error.new:${r._id}`, 'warning', 'alerts.newError', params));
      }
    } else {
      // Kinds and places are code identifiers: the same in every language.
      const kinds = claimed.map((r) => `${r.kind} @ ${r.place}`).join('; ');
      await this.alerts.announce(observe('error.new', 'warning', 'alerts.newErrors', { count: claimed.length, kinds }));
    }
    return claimed.length;
  }

  /** The most recent kinds (for `/errors` and the status page). */
  recent(limit = 10): Promise<ErrorRecordDoc[]> {
    return this.model.find({}).sort({ lastAt: -1 }).limit(limit).lean<ErrorRecordDoc[]>();
  }

  /** Totals for /metrics. */
  async totals(): Promise<{ kinds: number; count: number }> {
    const all = await this.model.find({}, { count: 1 }).lean();
    return { kinds: all.length, count: all.reduce((sum, r) => sum + (r.count ?? 0), 0) };
  }
}
