/**
 * Which host runs which clone: the coordinator's decision, pure, so it is tested without
 * processes and re-planned from scratch every pass (level-triggered, like the reconcile loop).
 */

export interface PlanHost {
  hostId: string;
  /** Beating, as the liveness observer sees it. */
  alive: boolean;
  /** Its operator asked for it to be emptied. */
  draining: boolean;
  capacityClones: number;
  capacityMemoryMB: number;
}

export interface PlanClone {
  cloneId: string;
  /** Should a worker run (subscription, owner, admin allow it)? Only these take room. */
  runs: boolean;
  /** Where it is placed now (null: nowhere yet), and the placement's epoch. */
  hostId: string | null;
  epoch: number;
}

export interface PlanOptions {
  /** Memory a running clone reserves on its host (a worker's measured RSS plus headroom). */
  memoryPerCloneMB: number;
  /** At most this share of the running clones is moved for a drain or a rebalance in one pass; failovers are never held back. */
  maxMoveShare: number;
}

/**
 * Why a clone moved. `failover`: off a host the coordinator watched dead (it may start at once);
 * `lost`: off a host with no document (never watched, so its new host waits out the takeover delay).
 */
export type MoveReason = 'new' | 'failover' | 'lost' | 'drain' | 'rebalance';

export interface PlacementMove {
  cloneId: string;
  from: string | null;
  to: string;
  /** The epoch of the new placement: the fencing token its worker carries. */
  epoch: number;
  reason: MoveReason;
}

export interface PlacementPlan {
  moves: PlacementMove[];
  /** Clones that should run but fit on no host right now. */
  unplaced: string[];
}

interface Room {
  host: PlanHost;
  running: number;
}

const ratio = (r: Room): number => r.running / Math.max(1, r.host.capacityClones);
const fits = (r: Room, memoryPerCloneMB: number): boolean =>
  r.running < r.host.capacityClones && (r.running + 1) * memoryPerCloneMB <= r.host.capacityMemoryMB;

/**
 * Plans one pass:
 * - a running clone placed nowhere, or on a host that is dead or gone, goes to the eligible host
 *   (alive, not draining, with room in clones and memory) with the lowest load; a stopped clone
 *   on a dead host keeps its placement until it runs again;
 * - running clones leave draining hosts, at most `maxMoveShare` of all running clones per pass
 *   (at least one);
 * - then, within the same budget, clones move from the most to the least loaded eligible host
 *   while that makes the two differ less (a host that joined fills up this way).
 */
export function planPlacements(hosts: readonly PlanHost[], clones: readonly PlanClone[], options: PlanOptions): PlacementPlan {
  const byId = new Map(hosts.map((h) => [h.hostId, h]));
  const rooms = new Map<string, Room>(hosts.map((h) => [h.hostId, { host: h, running: 0 }]));
  const running = clones.filter((c) => c.runs);
  const eligible = (): Room[] => [...rooms.values()].filter((r) => r.host.alive && !r.host.draining);
  const best = (): Room | undefined =>
    eligible()
      .filter((r) => fits(r, options.memoryPerCloneMB))
      .sort((a, b) => ratio(a) - ratio(b) || a.host.hostId.localeCompare(b.host.hostId))[0];

  const moves: PlacementMove[] = [];
  const unplaced: string[] = [];
  const homeless: PlanClone[] = [];
  const placed = new Map<string, PlanClone[]>();
  for (const c of running) {
    const host = c.hostId ? byId.get(c.hostId) : undefined;
    if (!host || !host.alive) {
      homeless.push(c);
      continue;
    }
    rooms.get(host.hostId)!.running += 1;
    placed.set(host.hostId, [...(placed.get(host.hostId) ?? []), c]);
  }

  const move = (c: PlanClone, to: Room, reason: MoveReason): void => {
    if (c.hostId && rooms.has(c.hostId) && reason !== 'new' && reason !== 'failover' && reason !== 'lost') rooms.get(c.hostId)!.running -= 1;
    to.running += 1;
    moves.push({ cloneId: c.cloneId, from: c.hostId, to: to.host.hostId, epoch: c.epoch + 1, reason });
  };

  for (const c of [...homeless].sort((a, b) => a.cloneId.localeCompare(b.cloneId))) {
    const room = best();
    if (!room) unplaced.push(c.cloneId);
    else move(c, room, c.hostId === null ? 'new' : byId.has(c.hostId) ? 'failover' : 'lost');
  }

  // At least one a pass, so a drain of a small platform still ends.
  let budget = running.length > 0 ? Math.max(1, Math.floor(running.length * options.maxMoveShare)) : 0;
  for (const room of [...rooms.values()].filter((r) => r.host.alive && r.host.draining)) {
    for (const c of [...(placed.get(room.host.hostId) ?? [])].sort((a, b) => a.cloneId.localeCompare(b.cloneId))) {
      if (budget <= 0) break;
      const to = best();
      if (!to) break;
      move(c, to, 'drain');
      budget -= 1;
    }
  }

  while (budget > 0) {
    const ranked = eligible().sort((a, b) => ratio(b) - ratio(a) || a.host.hostId.localeCompare(b.host.hostId));
    const from = ranked[0];
    const to = best();
    if (!from || !to || from === to) break;
    // Move only when the two end closer than they start.
    const after = Math.abs((from.running - 1) / Math.max(1, from.host.capacityClones) - (to.running + 1) / Math.max(1, to.host.capacityClones));
    if (after >= ratio(from) - ratio(to)) break;
    const candidates = (placed.get(from.host.hostId) ?? []).filter((c) => !moves.some((m) => m.cloneId === c.cloneId));
    const c = candidates.sort((a, b) => a.cloneId.localeCompare(b.cloneId))[0];
    if (!c) break;
    move(c, to, 'rebalance');
    placed.set(from.host.hostId, candidates.filter((x) => x !== c));
    budget -= 1;
  }
  return { moves, unplaced };
}
