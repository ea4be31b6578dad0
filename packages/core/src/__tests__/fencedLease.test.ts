import { openTestDatabase } from '@test-support/database';
import { FencedLease, fencedLeaseModel, type FencedLeaseModel } from '../hosts/fencedLease';

const T = { beatMs: 1_000, fenceAfterMs: 3_000, deadAfterMs: 6_000, takeoverDelayMs: 5_000 };

/** A monotonic clock the test moves by hand. */
class Clock {
  t = 1_000_000;
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

describe('FencedLease on the real database', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let model: FencedLeaseModel;

  beforeAll(async () => {
    db = await openTestDatabase('fenced-lease');
    model = fencedLeaseModel(db.connection);
  });
  afterAll(() => db.drop());

  it('a first holder waits out the takeover delay; a second contender stays follower while the holder beats', async () => {
    const ca = new Clock();
    const cb = new Clock();
    const a = new FencedLease(model, 'role1', 'A', T, ca.now);
    const b = new FencedLease(model, 'role1', 'B', T, cb.now);
    expect(await a.tick()).toBe('waiting');
    expect(await b.tick()).toBe('follower');
    for (let i = 0; i < 10; i++) {
      ca.advance(1_000);
      cb.advance(1_000);
      await a.tick();
      expect(await b.tick()).toBe('follower');
    }
    expect(a.role()).toBe('holder');
    expect(a.currentEpoch).toBe(1);
  });

  it('a holder that cannot renew stops acting after fenceAfterMs; a contender takes over only after the counter stood still, and acts at once', async () => {
    const ca = new Clock();
    const cb = new Clock();
    const a = new FencedLease(model, 'role2', 'A', T, ca.now);
    const b = new FencedLease(model, 'role2', 'B', T, cb.now);
    await a.tick();
    ca.advance(5_000);
    await a.tick();
    expect(a.active()).toBe(true);
    // A stops beating (partitioned): it fences itself on its own clock...
    ca.advance(3_000);
    expect(a.active()).toBe(false);
    // ...while B watches the counter stand still for deadAfterMs before it takes the role.
    const roles: string[] = [];
    for (let i = 0; i <= 6; i++) {
      roles.push(await b.tick());
      cb.advance(1_000);
    }
    expect(roles.slice(0, 6)).toEqual(Array(6).fill('follower'));
    // A stopped acting fenceAfterMs after its last renewal was sent, before B saw that renewal's
    // value stand still for deadAfterMs: nobody to wait out.
    expect(roles[6]).toBe('holder');
    expect(b.currentEpoch).toBe(2);
    // A comes back: its renewal finds the lease gone to B.
    ca.advance(1_000);
    expect(await a.tick()).toBe('follower');
    cb.advance(1_000);
    expect(await b.tick()).toBe('holder');
  });

  it('a clean release lets the next contender act at once', async () => {
    const ca = new Clock();
    const cb = new Clock();
    const a = new FencedLease(model, 'role3', 'A', T, ca.now);
    await a.tick();
    await a.release();
    expect(a.role()).toBe('follower');
    const b = new FencedLease(model, 'role3', 'B', T, cb.now);
    expect(await b.tick()).toBe('holder');
    expect(b.currentEpoch).toBe(2);
  });

  it('a contender that stopped watching (paused, cut off) starts watching again instead of condemning', async () => {
    const cb = new Clock();
    await model.create({ _id: 'role4', holder: 'A', epoch: 1, beat: 7 });
    const b = new FencedLease(model, 'role4', 'B', T, cb.now);
    await b.tick();
    cb.advance(3_000);
    await b.tick();
    // Ten seconds without a read (more than three beats): what it saw before no longer counts.
    cb.advance(10_000);
    expect(await b.tick()).toBe('follower');
    for (let i = 0; i < 5; i++) {
      cb.advance(1_000);
      expect(await b.tick()).toBe('follower');
    }
    cb.advance(1_000);
    expect(await b.tick()).toBe('holder');
  });
});
