import { openTestDatabase } from '@test-support/database';
import { alertModel, firingAlertKeys, nextAlertState, transitionAlert, type AlertDoc, type AlertModel } from '../models/alert';

const MIN = 60_000;
const at = (minutes: number): Date => new Date(Date.UTC(2030, 0, 1) + minutes * MIN);
const disk = { key: 'system.disk:data', severity: 'critical' as const, summary: 'low disk' };
const stale = { key: 'clone.stale:abc', severity: 'warning' as const, summary: 'no heartbeat' };

describe('alert rules (pure)', () => {
  it('sends a new alert, stays quiet while it fires, and says recovered once', () => {
    const first = nextAlertState(null, stale, at(0), 30 * MIN)!;
    expect(first.notice).toBe('firing');
    const again = nextAlertState(first.next, stale, at(40), 30 * MIN)!;
    expect(again.notice).toBeNull(); // a warning is not repeated
    const gone = nextAlertState(again.next, { key: stale.key, resolved: true }, at(41), 30 * MIN)!;
    expect(gone.notice).toBe('recovered');
    expect(nextAlertState(gone.next, { key: stale.key, resolved: true }, at(42), 30 * MIN)).toBeNull();
  });

  it('reminds of a critical alert once per cooldown and reports an escalation at once', () => {
    const first = nextAlertState(null, disk, at(0), 30 * MIN)!;
    expect(nextAlertState(first.next, disk, at(10), 30 * MIN)!.notice).toBeNull();
    expect(nextAlertState(first.next, disk, at(30), 30 * MIN)!.notice).toBe('reminder');
    const warn = nextAlertState(null, stale, at(0), 30 * MIN)!;
    expect(nextAlertState(warn.next, { ...stale, severity: 'critical' }, at(1), 30 * MIN)!.notice).toBe('firing');
  });

  it('keeps a flapping condition quiet within the cooldown, and sends it if it still fires after', () => {
    const first = nextAlertState(null, stale, at(0), 30 * MIN)!;
    const recovered = nextAlertState(first.next, { key: stale.key, resolved: true }, at(1), 30 * MIN)!;
    const flap = nextAlertState(recovered.next, stale, at(2), 30 * MIN)!;
    expect(flap.notice).toBeNull();
    // Not told of this episode: its end is not news either.
    expect(nextAlertState(flap.next, { key: stale.key, resolved: true }, at(3), 30 * MIN)!.notice).toBeNull();
    const flapAgain = nextAlertState(flap.next, stale, at(31), 30 * MIN)!;
    expect(flapAgain.notice).toBe('firing');
  });
});

describe('alert state in the database', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let Alert: AlertModel;
  beforeAll(async () => {
    db = await openTestDatabase('alerts');
    Alert = alertModel(db.connection);
    await Alert.createIndexes();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('stores each transition, so a second process (a restart) neither repeats nor forgets', async () => {
    expect((await transitionAlert(Alert, stale, at(0), 30 * MIN))?.notice).toBe('firing');
    // "After a restart": nothing in memory, same database.
    expect((await transitionAlert(Alert, stale, at(1), 30 * MIN))?.notice).toBeNull();
    expect(await firingAlertKeys(Alert, 'clone.')).toEqual([stale.key]);
    expect(await firingAlertKeys(Alert, 'system.')).toEqual([]);
    expect((await transitionAlert(Alert, { key: stale.key, resolved: true }, at(2), 30 * MIN))?.notice).toBe('recovered');
    const doc = await Alert.findById(stale.key).lean<AlertDoc>();
    expect(doc).toMatchObject({ state: 'resolved', notified: false, episodes: 1, sent: 2 });
  });

  it('repeats a critical alert once per cooldown across "restarts", and keys are independent', async () => {
    expect((await transitionAlert(Alert, disk, at(0), 30 * MIN))?.notice).toBe('firing');
    expect((await transitionAlert(Alert, disk, at(29), 30 * MIN))?.notice).toBeNull();
    expect((await transitionAlert(Alert, disk, at(30), 30 * MIN))?.notice).toBe('reminder');
    expect((await transitionAlert(Alert, { ...disk, key: 'system.disk:logs' }, at(30), 30 * MIN))?.notice).toBe('firing');
    expect((await firingAlertKeys(Alert, 'system.')).sort()).toEqual(['system.disk:data', 'system.disk:logs']);
  });
});
