import type { Counter, LabelValues } from 'prom-client';

/**
 * How totals reported by someone else relate to each other. A clone worker reports "updates
 * since I started": a lower figure, or one from another process, means it restarted and counts
 * from zero again. The error records hold "errors recorded so far": a lower figure means some
 * were deleted, not that new ones stopped counting.
 */
export interface ReportedTotalsOptions {
  /**
   * The first total seen for a series: `count` adds all of it (the worker's count so far, so the
   * series carries on across a mother restart when the worker did not restart); `baseline` only
   * remembers it (a broadcast resumed by this process counts only what this process sends).
   */
  firstSeen: 'count' | 'baseline';
  /** A total lower than the last one: the reporter `restarted` from zero, or its total `shrank`. */
  lower: 'restarted' | 'shrank';
}

interface Last<L extends string> {
  labels: LabelValues<L>;
  source: string;
  total: number;
}

/**
 * Feeds a Prometheus counter from cumulative totals that others report, so the counter only
 * goes up: each report adds what grew since the last one. A reporter that restarted (new
 * `source`, or a lower total with `lower: 'restarted'`) adds its whole new total, which is what
 * it counted since it started. What it counted between our last look and its death is lost;
 * the counter never goes down. A `stream` is one reporter's total (one clone, one broadcast);
 * several streams may feed one series (every broadcast of a scope).
 * Unit-tested in __tests__/reportedTotals.test.ts.
 */
export class ReportedTotals<L extends string> {
  private readonly last = new Map<string, Last<L>>();

  constructor(
    private readonly counter: Counter<L>,
    private readonly options: ReportedTotalsOptions,
  ) {}

  /** Records `total` of `stream`, reported by `source` (whatever identifies one run of the reporter). */
  report(stream: string, labels: LabelValues<L>, total: number, source = ''): void {
    if (!Number.isFinite(total) || total < 0) return;
    const prev = this.last.get(stream);
    this.last.set(stream, { labels, source, total });
    let delta: number;
    if (!prev) delta = this.options.firstSeen === 'count' ? total : 0;
    else if (prev.source !== source) delta = total;
    else if (total >= prev.total) delta = total - prev.total;
    else delta = this.options.lower === 'restarted' ? total : 0;
    this.counter.inc(labels, delta);
  }

  /** Forgets a stream (a finished broadcast); with `removeSeries`, its series goes too (a deleted clone). */
  forget(stream: string, options: { removeSeries?: boolean } = {}): void {
    const prev = this.last.get(stream);
    this.last.delete(stream);
    if (prev && options.removeSeries) this.counter.remove(prev.labels);
  }

  /** The streams it remembers. */
  streams(): string[] {
    return [...this.last.keys()];
  }
}
