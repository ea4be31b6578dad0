import { ignoringDuplicateKey, placementReleaseId, type FencingTimings, type PlacementDoc, type PlatformModels } from '@motherbot/core';
import type { HostPlacements } from '../cloneManager/cloneManager';
import type { HostAgent } from './hostAgent';

/**
 * The clone manager's view of this host's placements. A clone that moved here may start once
 * its previous worker is surely stopped: the previous host recorded the release of that epoch,
 * or the clone is new (no earlier worker anywhere), or this host has watched the placement for
 * the takeover delay (by then the old worker has fenced itself: fencingTimings.ts), or the
 * coordinator moved it off a host it watched dead for `deadAfterMs` (whose workers had stopped
 * by then, by the same argument).
 */
export class HostPlacementView implements HostPlacements {
  /** When this process first saw each clone's current placement epoch (monotonic ms). */
  private readonly firstSeen = new Map<string, { epoch: number; at: number }>();

  constructor(
    private readonly models: PlatformModels,
    private readonly agent: HostAgent,
    private readonly timings: Pick<FencingTimings, 'takeoverDelayMs'>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get hostId(): string {
    return this.agent.hostId;
  }

  mayAct(): boolean {
    return this.agent.mayAct();
  }

  async read(): Promise<Map<string, { epoch: number; startable: boolean }>> {
    const seenAt = this.now();
    // Placements are few (one per clone) and read off the updates' path: a scan is fine here.
    const mine = await this.models.Placement.find({ hostId: this.hostId }).lean<PlacementDoc[]>();
    const out = new Map<string, { epoch: number; startable: boolean }>();
    for (const p of mine) {
      const seen = this.firstSeen.get(p._id);
      if (!seen || seen.epoch !== p.epoch) this.firstSeen.set(p._id, { epoch: p.epoch, at: seenAt });
      const waited = seenAt - this.firstSeen.get(p._id)!.at >= this.timings.takeoverDelayMs;
      const fresh = p.reason === 'new' && p.previousHostId === null;
      const failover = p.reason === 'failover';
      const startable = fresh || failover || waited || (await this.models.PlacementRelease.exists({ _id: placementReleaseId(p._id, p.epoch - 1) })) !== null;
      out.set(p._id, { epoch: p.epoch, startable });
    }
    for (const cloneId of [...this.firstSeen.keys()]) if (!out.has(cloneId)) this.firstSeen.delete(cloneId);
    this.agent.running = out.size;
    return out;
  }

  async released(cloneId: string, epoch: number): Promise<void> {
    await ignoringDuplicateKey(this.models.PlacementRelease.create({ _id: placementReleaseId(cloneId, epoch) }));
  }
}
