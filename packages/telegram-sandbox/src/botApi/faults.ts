/**
 * Injected faults for resilience tests: make matching Bot API calls fail with a 5xx, a 429,
 * hang until the client gives up ('timeout'), have their connection dropped ('drop'), wait
 * `delayMs` before they run ('delay'), or wait until the test releases them ('hold'; see
 * heldCalls.ts). A fault ends after `count` matches or `durationMs`, whichever comes first.
 */
export type FaultKind = 'http5xx' | 'timeout' | '429' | 'drop' | 'delay' | 'hold';

export interface FaultSpec {
  /** Bot id, token or username; any bot when omitted. */
  botRef?: number | string;
  /** Method name (case-insensitive); any method when omitted. */
  method?: string;
  kind: FaultKind;
  count?: number;
  durationMs?: number;
  /** Seconds in `parameters.retry_after` for kind '429' (default 1). */
  retryAfter?: number;
  /** How long kind 'delay' keeps a call waiting (default 1000 ms). */
  delayMs?: number;
}

interface ActiveFault { spec: FaultSpec; botId?: number; remaining: number; until: number }

export class FaultTable {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec, botId: number | undefined): void {
    this.faults.push({
      spec,
      botId,
      remaining: spec.count ?? Infinity,
      until: spec.durationMs !== undefined ? Date.now() + spec.durationMs : Infinity,
    });
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault to apply to this call, if any (and counts it). */
  match(botId: number, method: string): FaultSpec | undefined {
    if (this.faults.length === 0) return undefined;
    const t = Date.now();
    this.faults = this.faults.filter((f) => f.remaining > 0 && f.until > t);
    const m = method.toLowerCase();
    const hit = this.faults.find((f) => (f.botId === undefined || f.botId === botId) && (!f.spec.method || f.spec.method.toLowerCase() === m));
    if (hit) hit.remaining--;
    return hit?.spec;
  }
}
