import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One host of the platform: a machine (or process tree) with its own PM2 daemon and clone
 * agent. The agent increments `beat` every few seconds; the coordinator judges liveness by
 * whether the counter moves, on its own clock (`beatAt` is for people, never for decisions).
 */
export interface HostDoc {
  /** HOST_ID: stable across restarts of the host. */
  _id: string;
  beat: number;
  beatAt: Date;
  capacityClones: number;
  capacityMemoryMB: number;
  /** The operator asked for the host to be emptied (HOST_DRAIN=1 or the admin command). */
  draining: boolean;
  /** Clones the agent runs right now, as it last counted them. */
  running: number;
  startedAt: Date;
  /**
   * Incremented by the coordinator whenever it moves clones to or from this host: the agent reads it
   * with each beat and reconciles at once instead of at its next interval.
   */
  placementsVersion?: number;
}

export const hostSchema = new Schema<HostDoc>(
  {
    _id: { type: String, required: true },
    beat: { type: Number, required: true, default: 0 },
    beatAt: { type: Date, required: true, default: () => new Date() },
    capacityClones: { type: Number, required: true },
    capacityMemoryMB: { type: Number, required: true },
    draining: { type: Boolean, default: false },
    running: { type: Number, default: 0 },
    startedAt: { type: Date, default: () => new Date() },
    placementsVersion: { type: Number, default: 0 },
  },
  { versionKey: false },
);

/**
 * Where one clone runs: the host, and the epoch, a number that grows with every move. A worker
 * carries the epoch it was started with and polls only while the placement still shows it (a
 * fencing token). Written by the coordinator alone.
 */
export interface PlacementDoc {
  /** The clone id. */
  _id: string;
  hostId: string;
  epoch: number;
  previousHostId: string | null;
  reason: 'new' | 'failover' | 'lost' | 'drain' | 'rebalance';
  movedAt: Date;
}

export const placementSchema = new Schema<PlacementDoc>(
  {
    _id: { type: String, required: true },
    hostId: { type: String, required: true },
    epoch: { type: Number, required: true },
    previousHostId: { type: String, default: null },
    reason: { type: String, enum: ['new', 'failover', 'lost', 'drain', 'rebalance'], required: true },
    movedAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);

export type HostModel = Model<HostDoc>;
export type PlacementModel = Model<PlacementDoc>;
export const hostModel = (db: Connection): HostModel => (db.models.Host as HostModel | undefined) ?? db.model<HostDoc>('Host', hostSchema, 'hosts');
export const placementModel = (db: Connection): PlacementModel =>
  (db.models.Placement as PlacementModel | undefined) ?? db.model<PlacementDoc>('Placement', placementSchema, 'placements');

/**
 * "The worker of this clone's placement epoch is stopped", written by the host that stopped it
 * (a drain, a rebalance), so the next host starts at once instead of waiting out the takeover
 * delay. A document of its own (`_id` `<cloneId>:<epoch>`, inserted once) rather than a field of
 * the placement: FerretDB applies an update as read-then-replace, and a host's write racing the
 * coordinator's could bring an old placement back.
 */
export interface PlacementReleaseDoc {
  _id: string;
  at: Date;
}

export const placementReleaseSchema = new Schema<PlacementReleaseDoc>({ _id: { type: String, required: true }, at: { type: Date, default: () => new Date() } }, { versionKey: false });
export type PlacementReleaseModel = Model<PlacementReleaseDoc>;
export const placementReleaseModel = (db: Connection): PlacementReleaseModel =>
  (db.models.PlacementRelease as PlacementReleaseModel | undefined) ?? db.model<PlacementReleaseDoc>('PlacementRelease', placementReleaseSchema, 'placement_releases');
export const placementReleaseId = (cloneId: string, epoch: number): string => `${cloneId}:${epoch}`;
