/** One minute of the status page's charts. */
export interface MinuteSample {
  /** Start of the minute (ms since epoch). */
  t: number;
  /** The mother's resident memory, bytes. */
  motherRss: number;
  /** Sum of the clone workers' memory from their heartbeats, bytes. */
  clonesMemory: number;
  /** Updates the clones handled during this minute (from heartbeat counters). */
  updates: number;
}

/**
 * An in-memory ring of per-minute samples (the last `minutes`), fed by the watch loop. Update
 * counts come from the workers' cumulative counters: the increase since the previous reading of
 * each clone, with a worker restart (counter went down) counted from zero.
 */
export class MinuteSamples {
  private readonly ring: MinuteSample[] = [];
  private readonly lastCounters = new Map<string, number>();

  constructor(private readonly minutes = 60) {}

  record(now: Date, reading: { motherRss: number; clones: ReadonlyArray<{ id: string; memoryBytes: number; updates: number }> }): void {
    let updates = 0;
    for (const c of reading.clones) {
      const previous = this.lastCounters.get(c.id);
      if (previous !== undefined) updates += c.updates >= previous ? c.updates - previous : c.updates;
      this.lastCounters.set(c.id, c.updates);
    }
    const t = Math.floor(now.getTime() / 60_000) * 60_000;
    const clonesMemory = reading.clones.reduce((sum, c) => sum + c.memoryBytes, 0);
    const same = this.ring.find((s) => s.t === t);
    if (same) {
      // Several readings in one minute: memory is the latest, updates add up.
      same.motherRss = reading.motherRss;
      same.clonesMemory = clonesMemory;
      same.updates += updates;
    } else {
      this.ring.push({ t, motherRss: reading.motherRss, clonesMemory, updates });
      // Kept in time order even if the clock stepped back.
      if (this.ring.length > 1 && (this.ring.at(-2)?.t ?? 0) > t) this.ring.sort((a, b) => a.t - b.t);
    }
    const oldest = (this.ring.at(-1)?.t ?? t) - (this.minutes - 1) * 60_000;
    while (this.ring.length > 0 && (this.ring[0]?.t ?? 0) < oldest) this.ring.shift();
  }

  /** The samples, oldest first (a copy). */
  list(): MinuteSample[] {
    return this.ring.map((s) => ({ ...s }));
  }
}
