import { Schema, type Connection, type Model } from 'mongoose';
import type { FencingTimings } from './fencingTimings';
import { LivenessObserver } from './livenessObserver';

/**
 * A role only one host may play at a time (the coordinator, the mother bot's poller), held
 * with the same discipline as clone placements (fencingTimings.ts): the holder increments
 * `beat`; a contender takes the role over only after watching the counter stand still for
 * `deadAfterMs`, by when the old holder, whose last successful renewal was sent before the value
 * the contender watched, has stopped acting (it stops `fenceAfterMs` after that renewal was
 * sent). `epoch` grows with every new holder.
 */
export interface FencedLeaseDoc {
  _id: string;
  holder: string;
  epoch: number;
  beat: number;
}

export const fencedLeaseSchema = new Schema<FencedLeaseDoc>(
  {
    _id: { type: String, required: true },
    holder: { type: String, default: '' },
    epoch: { type: Number, required: true },
    beat: { type: Number, required: true },
  },
  { versionKey: false },
);

export type FencedLeaseModel = Model<FencedLeaseDoc>;
export const fencedLeaseModel = (db: Connection): FencedLeaseModel =>
  (db.models.FencedLease as FencedLeaseModel | undefined) ?? db.model<FencedLeaseDoc>('FencedLease', fencedLeaseSchema, 'fenced_leases');

export type LeaseRole = 'holder' | 'waiting' | 'follower';

/** The holder name of a lease its last holder gave up cleanly. */
const RELEASED = '';

/**
 * One contender's side of a fenced lease. Call `tick()` every `beatMs`; `active()` says whether
 * to act right now. Measures everything on its own monotonic clock (`now`).
 *
 * Taking over uses the one write that is atomic on every backend (FerretDB 1.24 applies a
 * filtered update as read-then-replace): delete exactly the term it watched stand still, then
 * insert; of two contenders, one insert fails on `_id`.
 */
export class FencedLease {
  private readonly observer: LivenessObserver;
  private epoch = 0;
  private heldSince: number | undefined;
  private renewedSentAt = -Infinity;
  private watched: FencedLeaseDoc | null = null;

  constructor(
    private readonly model: FencedLeaseModel,
    readonly name: string,
    readonly holder: string,
    private readonly timings: Pick<FencingTimings, 'beatMs' | 'fenceAfterMs' | 'deadAfterMs' | 'takeoverDelayMs'>,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.observer = new LivenessObserver(timings.deadAfterMs, timings.beatMs * 3);
  }

  /** The epoch of this contender's term (0 when it never held the lease). */
  get currentEpoch(): number {
    return this.epoch;
  }

  /** What this contender is now: holder (may act), waiting (holds it, waits out the old holder), follower. */
  role(): LeaseRole {
    if (this.heldSince === undefined) return 'follower';
    const now = this.now();
    if (now - this.renewedSentAt >= this.timings.fenceAfterMs) return 'follower';
    return now - this.heldSince >= this.timings.takeoverDelayMs ? 'holder' : 'waiting';
  }

  active(): boolean {
    return this.role() === 'holder';
  }

  /** One renewal or one look at the current holder; never rejects (a failure counts as no renewal). */
  async tick(): Promise<LeaseRole> {
    const sentAt = this.now();
    try {
      if (this.heldSince !== undefined) {
        const renewed = await this.model.updateOne({ _id: this.name, holder: this.holder, epoch: this.epoch }, { $inc: { beat: 1 } });
        if (renewed.matchedCount === 1) this.renewedSentAt = sentAt;
        else this.lose();
        return this.role();
      }
      const current = await this.model.findById(this.name).lean<FencedLeaseDoc>();
      if (!current) return await this.tryTake(null, sentAt, false);
      if (current.holder === RELEASED) return await this.tryTake(current, sentAt, true);
      this.observer.observe([{ hostId: current.holder, beat: current.beat * 1_000_000 + current.epoch }], sentAt);
      this.watched = current;
      if (this.observer.dead().includes(current.holder)) return await this.tryTake(current, sentAt, false);
      return 'follower';
    } catch {
      this.observer.readFailed();
      return this.role();
    }
  }

  /**
   * Gives the role up (a clean stop): marks the lease released, so the next contender takes it
   * at once instead of watching it go stale and waiting out the takeover delay. Call only once
   * this process has stopped acting.
   */
  async release(): Promise<void> {
    if (this.heldSince === undefined) return;
    this.lose();
    await this.model.updateOne({ _id: this.name, holder: this.holder, epoch: this.epoch }, { $set: { holder: RELEASED } }).catch(() => undefined);
  }

  private lose(): void {
    this.heldSince = undefined;
    this.renewedSentAt = -Infinity;
  }

  private async tryTake(stale: FencedLeaseDoc | null, sentAt: number, released: boolean): Promise<LeaseRole> {
    if (stale) await this.model.deleteOne({ _id: this.name, holder: stale.holder, epoch: stale.epoch, beat: stale.beat });
    const epoch = (stale?.epoch ?? this.watched?.epoch ?? 0) + 1;
    try {
      await this.model.create({ _id: this.name, holder: this.holder, epoch, beat: 0 });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return 'follower';
      throw error;
    }
    this.epoch = epoch;
    this.renewedSentAt = sentAt;
    // Released by its last holder, or watched standing still for deadAfterMs: nobody to wait out.
    // A missing document is not proof of that (a contender may have deleted a stale term and died
    // before its insert, and its holder was never watched), so it is waited out.
    this.heldSince = stale || released ? sentAt - this.timings.takeoverDelayMs : sentAt;
    return this.role();
  }
}
