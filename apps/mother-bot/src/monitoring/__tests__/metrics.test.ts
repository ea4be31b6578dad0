import type { BroadcastProgress, CloneDoc, HeartbeatDoc } from '@motherbot/core';
import { MotherMetrics } from '../metrics';
import type { MonitoredClone, PlatformSnapshot } from '../platformSnapshot';

const at = (second: number): Date => new Date(Date.UTC(2030, 0, 1, 0, 0, second));

/** A clone as the snapshot holds it: only the fields metrics read. */
const view = (id: string, o: { status?: string; pmId?: number; restarts?: number; beat?: { pid: number; startedAt: number; updates: number; errors: number; at: number } }): MonitoredClone => ({
  clone: { _id: id, botUsername: `${id}_bot`, status: o.status ?? 'running', runtime: { pmId: o.pmId ?? 1, restarts: o.restarts ?? 0 } } as unknown as CloneDoc,
  heartbeat: o.beat
    ? ({ _id: id, pid: o.beat.pid, startedAt: at(o.beat.startedAt), updates: o.beat.updates, errorCount: o.beat.errors, memoryBytes: 1000, at: at(o.beat.at) } as unknown as HeartbeatDoc)
    : undefined,
  subscription: undefined,
  subscriptionState: 'trial',
});

const snapshot = (second: number, clones: MonitoredClone[]): PlatformSnapshot => ({ at: at(second), clones });

const progress = (o: Partial<BroadcastProgress> & Pick<BroadcastProgress, 'broadcastId' | 'status'>): BroadcastProgress => ({
  total: 0,
  sent: 0,
  blocked: 0,
  failed: 0,
  unknown: 0,
  pending: 0,
  rate: 0,
  reason: null,
  ...o,
});

/** The value of one series in the exposition text (undefined when absent). */
const sample = async (metrics: MotherMetrics, series: string): Promise<number | undefined> => {
  const { body } = await metrics.render();
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('MotherMetrics', () => {
  it("turns workers' heartbeat totals into counters that survive a worker restart, and drops a deleted clone's series", async () => {
    const m = new MotherMetrics({ defaultMetrics: false });
    m.applySnapshot(snapshot(10, [view('a', { restarts: 0, beat: { pid: 11, startedAt: 0, updates: 100, errors: 2, at: 9 } })]));
    m.applySnapshot(snapshot(20, [view('a', { restarts: 1, beat: { pid: 11, startedAt: 0, updates: 130, errors: 2, at: 19 } })]));
    // PM2 restarted the worker: a new pid, counting from 0 again; the counters keep going up.
    m.applySnapshot(snapshot(30, [view('a', { restarts: 2, beat: { pid: 12, startedAt: 25, updates: 4, errors: 1, at: 29 } })]));
    expect(await sample(m, 'motherbot_clone_updates_total{clone="a"}')).toBe(134);
    expect(await sample(m, 'motherbot_clone_errors_total{clone="a"}')).toBe(3);
    expect(await sample(m, 'motherbot_clone_restarts_total{clone="a"}')).toBe(2);
    expect(await sample(m, 'motherbot_clone_heartbeat_age_seconds{clone="a"}')).toBe(1);
    expect(await sample(m, 'motherbot_clone_status{clone="a",bot="a_bot",status="running"}')).toBe(1);
    // The manager replaced the dead process (new pm_id, PM2's count back at 0), then it crash-looped.
    m.applySnapshot(snapshot(40, [view('a', { status: 'crash_loop', pmId: 7, restarts: 0 }), view('b', {})]));
    m.applySnapshot(snapshot(50, [view('a', { status: 'crash_loop', pmId: 7, restarts: 3 }), view('b', {})]));
    expect(await sample(m, 'motherbot_clone_restarts_total{clone="a"}')).toBe(5);
    expect(await sample(m, 'motherbot_clone_status{clone="a",bot="a_bot",status="running"}')).toBeUndefined();
    expect(await sample(m, 'motherbot_clone_status{clone="a",bot="a_bot",status="crash_loop"}')).toBe(1);
    expect(await sample(m, 'motherbot_clones{status="crash_loop"}')).toBe(1);
    m.applySnapshot(snapshot(60, [view('b', {})]));
    expect(await sample(m, 'motherbot_clone_updates_total{clone="a"}')).toBeUndefined();
    expect(await sample(m, 'motherbot_clone_restarts_total{clone="a"}')).toBeUndefined();
    expect(await sample(m, 'motherbot_clone_restarts_total{clone="b"}')).toBe(0);
  });

  it('gives each health check one series per state, 1 for the state it is in', async () => {
    const m = new MotherMetrics({ defaultMetrics: false });
    m.applyChecks([{ name: 'memory', status: 'warn', message: 'high' }, { name: 'disk:data', status: 'ok', message: '', value: 5e9, unit: 'bytes' }]);
    expect(await sample(m, 'motherbot_health_check_status{check="memory",state="ok"}')).toBe(0);
    expect(await sample(m, 'motherbot_health_check_status{check="memory",state="warn"}')).toBe(1);
    expect(await sample(m, 'motherbot_health_check_status{check="memory",state="fail"}')).toBe(0);
    expect(await sample(m, 'motherbot_disk_free_bytes{dir="data"}')).toBe(5e9);
  });

  it('counts the broadcast messages this process sends, also for a broadcast it resumed', async () => {
    const m = new MotherMetrics({ defaultMetrics: false });
    expect(await sample(m, 'motherbot_broadcast_messages_sent_total{scope="mother"}')).toBe(0);
    // Resumed after a restart: 400 were sent by the previous process.
    m.recordBroadcast('mother', progress({ broadcastId: 'b1', status: 'running', sent: 400, blocked: 5, pending: 600 }));
    m.recordBroadcast('mother', progress({ broadcastId: 'b1', status: 'running', sent: 450, blocked: 7, pending: 548 }));
    m.recordBroadcast('mother', progress({ broadcastId: 'b2', status: 'running', sent: 0, pending: 10 }));
    expect(await sample(m, 'motherbot_broadcast_messages_sent_total{scope="mother"}')).toBe(50);
    expect(await sample(m, 'motherbot_broadcast_messages_undelivered_total{scope="mother",outcome="blocked"}')).toBe(2);
    expect(await sample(m, 'motherbot_broadcast_recipients_pending{scope="mother"}')).toBe(558);
    expect(await sample(m, 'motherbot_broadcasts{scope="mother",status="running"}')).toBe(2);
    m.recordBroadcast('mother', progress({ broadcastId: 'b2', status: 'paused', sent: 3, pending: 7, reason: 'fatal' }));
    m.recordBroadcast('mother', progress({ broadcastId: 'b1', status: 'completed', sent: 1000, blocked: 7 }));
    expect(await sample(m, 'motherbot_broadcast_messages_sent_total{scope="mother"}')).toBe(603);
    expect(await sample(m, 'motherbot_broadcast_recipients_pending{scope="mother"}')).toBe(0);
    expect(await sample(m, 'motherbot_broadcasts{scope="mother",status="running"}')).toBe(0);
    expect(await sample(m, 'motherbot_broadcasts{scope="mother",status="paused"}')).toBe(1);
  });

  it('exports the limits the rules compare with, the error totals and the backup times', async () => {
    const m = new MotherMetrics({ defaultMetrics: false, limits: { cloneMaxMemoryBytes: 200 * 2 ** 20, heartbeatIntervalSeconds: 15 } });
    expect(await sample(m, 'motherbot_clone_memory_limit_bytes')).toBe(200 * 2 ** 20);
    expect(await sample(m, 'motherbot_clone_heartbeat_interval_seconds')).toBe(15);
    expect(await sample(m, 'motherbot_backup_last_success_timestamp_seconds')).toBe(0);
    m.applyErrorTotals({ kinds: 3, count: 40 });
    m.applyErrorTotals({ kinds: 2, count: 12 }); // the retention job deleted a kind
    m.applyErrorTotals({ kinds: 2, count: 15 });
    expect(await sample(m, 'motherbot_errors_recorded_total')).toBe(43);
    expect(await sample(m, 'motherbot_error_kinds')).toBe(2);
    const backup = (id: string, createdAt: string, ok?: boolean) =>
      ({ id, dir: '', summary: { createdAt }, verification: ok === undefined ? null : { ok } }) as unknown as Parameters<MotherMetrics['applyBackups']>[0][number];
    m.applyBackups([backup('c', '2030-01-03T00:00:00Z'), backup('b', '2030-01-02T00:00:00Z', false), backup('a', '2030-01-01T00:00:00Z', true)]);
    expect(await sample(m, 'motherbot_backup_last_success_timestamp_seconds')).toBe(Date.parse('2030-01-03T00:00:00Z') / 1000);
    expect(await sample(m, 'motherbot_backup_last_verified_timestamp_seconds')).toBe(Date.parse('2030-01-01T00:00:00Z') / 1000);
  });
});
