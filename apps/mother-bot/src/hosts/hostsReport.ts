import type { CloneDoc, FencedLeaseDoc, HostDoc, PlacementDoc } from '@motherbot/core';

export interface HostRow {
  hostId: string;
  beat: number;
  /** Seconds since the host last wrote its beat, by the wall clocks of that host and this one (for people; decisions never use it). */
  beatAgeSecs: number;
  capacityClones: number;
  capacityMemoryMB: number;
  draining: boolean;
  /** A draining host with nothing placed on it any more: it may be shut down. */
  drained: boolean;
  clones: Array<{ cloneId: string; botUsername: string; epoch: number }>;
  roles: string[];
}

/** What `npm run hosts` shows: each host, its clones and capacity, its beat, and who holds the platform's roles. */
export function hostsReport(hosts: HostDoc[], placements: PlacementDoc[], clones: CloneDoc[], leases: FencedLeaseDoc[], now: Date): HostRow[] {
  const names = new Map(clones.map((c) => [c._id, c.botUsername]));
  return hosts
    .map((h) => {
      const mine = placements.filter((p) => p.hostId === h._id).sort((a, b) => a._id.localeCompare(b._id));
      return {
        hostId: h._id,
        beat: h.beat,
        beatAgeSecs: Math.max(0, Math.round((now.getTime() - new Date(h.beatAt).getTime()) / 100) / 10),
        capacityClones: h.capacityClones,
        capacityMemoryMB: h.capacityMemoryMB,
        draining: h.draining,
        drained: h.draining && mine.length === 0,
        clones: mine.map((p) => ({ cloneId: p._id, botUsername: names.get(p._id) ?? '?', epoch: p.epoch })),
        roles: leases.filter((l) => l.holder === h._id).map((l) => l._id),
      };
    })
    .sort((a, b) => a.hostId.localeCompare(b.hostId));
}

export function formatHostsReport(rows: HostRow[], unplaced: number): string {
  if (rows.length === 0) return 'no hosts: HOST_ID is not set on any mother (one-host mode)';
  const lines = rows.map((r) => {
    const state = r.drained ? 'drained, may be shut down' : r.draining ? 'draining' : 'active';
    const roles = r.roles.length > 0 ? `  [${r.roles.join(', ')}]` : '';
    const head = `${r.hostId}  ${state}  ${r.clones.length}/${r.capacityClones} clones  ${r.capacityMemoryMB} MB  beat #${r.beat}, ${r.beatAgeSecs} s ago${roles}`;
    const clones = r.clones.map((c) => `    ${c.cloneId} @${c.botUsername} (epoch ${c.epoch})`);
    return [head, ...clones].join('\n');
  });
  if (unplaced > 0) lines.push(`${unplaced} clone(s) placed on no host`);
  return lines.join('\n');
}
