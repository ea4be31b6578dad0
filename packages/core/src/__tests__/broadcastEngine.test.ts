import { openTestDatabase } from '@test-support/database';
import { StateError } from '../errors';
import { BroadcastEngine, type BroadcastEngineOptions, type RecipientEvent } from '../broadcast/broadcastEngine';
import { broadcastModels, chunkId } from '../broadcast/broadcastModels';
import { INTERRUPTED_REASON } from '../broadcast/interrupted';
import { VirtualClock } from '../broadcast/virtualClock';
import type { BroadcastMessage, SendOutcome } from '../broadcast/types';

const MESSAGE: BroadcastMessage = { kind: 'copy', fromChatId: 1, messageId: 99 };
const ADMIN = 1;
const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

/** Every send attempt, in order, with the simulated moment it was made. */
interface Attempt {
  chatId: number;
  at: number;
}

describe('broadcast engine on the real database', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const engines: BroadcastEngine[] = [];
  const release: Array<() => void> = [];

  // A database per test: an engine resumes every running broadcast it finds, so tests must not
  // see each other's; and FerretDB scans whole collections, so small ones keep tests quick.
  beforeEach(async () => {
    db = await openTestDatabase('broadcast');
    await new BroadcastEngine({ db: db.connection, send: async () => ({ ok: true }) }).ensureIndexes();
  });
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((engine) => engine.stop({ timeoutMs: 0 })));
    for (const unblock of release.splice(0)) unblock();
    await db.drop();
  });

  /** A started engine on the test database with a virtual clock and no background resume timer. */
  async function engineWith(send: BroadcastEngineOptions['send'], options: Partial<BroadcastEngineOptions> = {}) {
    const engine = new BroadcastEngine({ db: db.connection, send, clock: new VirtualClock(), resumeIntervalMs: 0, ...options });
    engines.push(engine);
    await engine.start();
    return engine;
  }

  /** Counts sends per chat; a count above one anywhere is a duplicate. */
  const tally = (attempts: Attempt[]): Map<number, number> => {
    const counts = new Map<number, number>();
    for (const { chatId } of attempts) counts.set(chatId, (counts.get(chatId) ?? 0) + 1);
    return counts;
  };

  /** The recipients that did not simply get the message, by chat: blocked, failed, unknown. */
  const outcomes = async (broadcastId: string) => {
    const { Outcome } = broadcastModels(db.connection);
    return new Map((await Outcome.find({ broadcastId }).lean()).map((o) => [o.chatId, o]));
  };

  /** The cursor as last written: what a process that dies now leaves behind. */
  const storedCursor = async (broadcastId: string) => {
    const { Broadcast } = broadcastModels(db.connection);
    return (await Broadcast.findById(broadcastId).lean())!.cursor;
  };

  /** One cursor write per window and point reads of chunks: 2,000 recipients take seconds even on FerretDB. */
  const RECIPIENTS = process.env.MONGODB_URI ? 10_000 : 2_000;

  it(`paces ${RECIPIENTS} recipients to the rate, once each (virtual clock)`, async () => {
    const clock = new VirtualClock();
    const attempts: Attempt[] = [];
    const engine = await engineWith(
      async (chatId, broadcast) => {
        expect(broadcast.message).toEqual(MESSAGE);
        attempts.push({ chatId, at: clock.now() });
        return { ok: true };
      },
      { clock, ratePerSecond: 25 },
    );
    const chats = range(1_000_000, RECIPIENTS);
    const id = await engine.createBroadcast({ message: MESSAGE, createdBy: ADMIN, recipients: chats });
    await engine.startBroadcast(id);
    await engine.whenIdle(id);

    expect(attempts).toHaveLength(RECIPIENTS);
    expect([...tally(attempts).values()].every((n) => n === 1)).toBe(true);
    const perSecond = tally(attempts.map(({ at }) => ({ chatId: Math.floor(at / 1000), at })));
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(25);
    // 25/s: the last window cannot start before (RECIPIENTS / 25 - 1) seconds have passed.
    expect(attempts.at(-1)!.at).toBeGreaterThanOrEqual((RECIPIENTS / 25 - 1) * 1000);
    expect(await engine.progress(id)).toMatchObject({ status: 'completed', total: RECIPIENTS, sent: RECIPIENTS, pending: 0 });
    expect((await outcomes(id)).size).toBe(0);
    expect(await storedCursor(id)).toEqual({ next: RECIPIENTS, retry: [], inFlight: [] });
  }, 300_000);

  it('waits out a 429 retry_after for the whole broadcast, then retries the same chat without skipping', async () => {
    const clock = new VirtualClock(1_000_000);
    const attempts: Attempt[] = [];
    const limited: number[] = [];
    let refused = false;
    const engine = await engineWith(
      async (chatId) => {
        attempts.push({ chatId, at: clock.now() });
        if (chatId === 10 && !refused) {
          refused = true;
          return { ok: false, kind: 'retry_after', seconds: 30 };
        }
        return { ok: true };
      },
      { clock, concurrency: 4, batchSize: 10 },
    );
    engine.on('rateLimited', ({ seconds }) => limited.push(seconds));
    const id = await engine.createBroadcast({ message: MESSAGE, createdBy: ADMIN, recipients: range(1, 30) });
    await engine.startBroadcast(id);
    await engine.whenIdle(id);

    expect(limited).toEqual([30]);
    const at429 = attempts.find((a) => a.chatId === 10)!.at;
    const after = attempts.filter((a) => a.at > at429);
    // Nothing goes out during the pause (other sends already in flight at that moment excepted).
    expect(after.every((a) => a.at >= at429 + 30_000)).toBe(true);
    expect(tally(attempts).get(10)).toBe(2);
    expect((await outcomes(id)).size).toBe(0);
    expect(await engine.progress(id)).toMatchObject({ sent: 30, pending: 0, status: 'completed' });
  });

  it('marks 403 blocked (and says so), other 400s failed with the reason, retries transient errors', async () => {
    const events: RecipientEvent[] = [];
    const transientLeft = new Map([
      [5, 2],
      [6, 99],
    ]);
    const engine = await engineWith(
      async (chatId): Promise<SendOutcome> => {
        if (chatId === 2) return { ok: false, kind: 'blocked', description: 'Forbidden: bot was blocked by the user' };
        if (chatId === 3) return { ok: false, kind: 'blocked', description: 'Forbidden: user is deactivated' };
        if (chatId === 4) return { ok: false, kind: 'failed', description: 'Bad Request: chat not found' };
        const left = transientLeft.get(chatId) ?? 0;
        if (left > 0) {
          transientLeft.set(chatId, left - 1);
          // A sender that throws (here: a connection lost) counts as transient.
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        }
        return { ok: true };
      },
      { maxTransientRetries: 3 },
    );
    engine.on('recipient', (event) => events.push(event));
    const id = await engine.createBroadcast({ message: MESSAGE, createdBy: ADMIN, recipients: range(1, 7) });
    await engine.startBroadcast(id);
    await engine.whenIdle(id);

    expect(events.filter((e) => e.status === 'blocked').map((e) => e.chatId).sort()).toEqual([2, 3]);
    expect(transientLeft.get(6)).toBe(99 - 4); // one try and three retries
    const byChat = await outcomes(id);
    expect(byChat.get(2)).toMatchObject({ status: 'blocked', reason: 'Forbidden: bot was blocked by the user' });
    expect(byChat.get(4)).toMatchObject({ status: 'failed', reason: 'Bad Request: chat not found' });
    expect(byChat.has(5)).toBe(false); // sent on its third try
    expect(byChat.get(6)).toMatchObject({ status: 'failed', reason: 'socket hang up' });
    expect([...byChat.keys()].sort()).toEqual([2, 3, 4, 6]);
    expect(await engine.progress(id)).toMatchObject({ total: 7, sent: 3, blocked: 2, failed: 2, pending: 0, status: 'completed' });
  });

  it('pauses itself on 401 with the reason, and the recipient is not lost', async () => {
    let revoked = true;
    const sent: number[] = [];
    const engine = await engineWith(async (chatId) => {
      if (revoked && chatId === 3) return { ok: false, kind: 'fatal', description: 'Unauthorized' };
      sent.push(chatId);
      return { ok: true };
    }, { concurrency: 1 });
    const id = await engine.createBroadcast({ message: MESSAGE, createdBy: ADMIN, recipients: range(1, 5) });
    await engine.startBroadcast(id);
    await engine.whenIdle(id);
    expect(await engine.progress(id)).toMatchObject({ status: 'paused', reason: 'Unauthorized', sent: 2, pending: 3 });

    revoked = false; // the owner gave a new token
    await engine.resume(id);
    await engine.whenIdle(id);
    expect(sent.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(await engine.progress(id)).toMatchObject({ status: 'completed', sent: 5, reason: null });
  });

  it('resumes after a crash in a new engine: no chat twice, the interrupted window counted unknown', async () => {
    const attempts: Attempt[] = [];
    const total = 200;
    const clock = new VirtualClock();
    // The first process "dies" while its 120th send hangs: nothing more is written by it.
    const first = await engineWith(
      (chatId) => {
        attempts.push({ chatId, at: 0 });
        if (attempts.length === 120) return new Promise<SendOutcome>((resolve) => release.push(() => resolve({ ok: true })));
        return Promise.resolve({ ok: true });
      },
      { clock, batchSize: 25, concurrency: 1 },
    );
    const id = await first.createBroadcast({ message: MESSAGE, createdBy: ADMIN, recipients: range(1, total) });
    await first.startBroadcast(id);
    while (attempts.length < 120) await new Promise((resolve) => setImmediate(resolve));
    await first.stop({ timeoutMs: 0 });
    const sendingLeft = (await storedCursor(id)).inFlight.length;
    expect(sendingLeft).toBeGreaterThan(0);
    expect(sendingLeft).toBeLessThanOrEqual(25); // at most one window is in doubt

    const firstChats = new Set(attempts.map((a) => a.chatId));
    // A dead process does not give up its claim: the next one waits until the claim expires.
    clock.advance(60_001);
    const second = await engineWith(async (chatId) => {
      attempts.push({ chatId, at: 1 });
      return { ok: true };
    }, { clock });
    await second.whenIdle(id); // start() picked it up: it was left running

    expect([...tally(attempts).values()].every((n) => n === 1)).toBe(true);
    expect(attempts.filter((a) => a.at === 1).every((a) => !firstChats.has(a.chatId))).toBe(true);
    const progress = await second.progress(id);
    expect(progress).toMatchObject({ status: 'completed', total, unknown: sendingLeft, pending: 0 });
    expect(progress.sent + progress.unknown).toBe(total);
    const unknown = [...(await outcomes(id)).values()];
    expect(unknown).toHaveLength(sendingLeft);
    expect(unknown.every((r) => r.status === 'unknown' && r.reason === INTERRUPTED_REASON)).toBe(true);
    // Every chat got it exactly once, except the unknown ones that may have.
    const unknownChats = new Set(unknown.map((r) => r.chatId));
    for (const chatId of range(1, total)) if (!unknownChats.has(chatId)) expect(tally(attempts).get(chatId)).toBe(1);
  });

  it('as the sole runner (a clone\'s one worker), takes over a dead process\'s claim at once', async () => {
    const attempts: number[] = [];
    const first = await engineWith((chatId) => {
      attempts.push(chatId);
      // The process dies while its fifth window is in flight.
      return attempts.length > 40 ? new Promise<SendOutcome>((resolve) => release.push(() => resolve({ ok: true }))) : Promise.resolve({ ok: true });
    }, { ratePerSecond: 30 });
    const id = await first.createBroadcast({ message: MESSAGE, createdBy: ADMIN, recipients: range(1, 100) });
    await first.startBroadcast(id);
    while (attempts.length < 50) await new Promise((resolve) => setImmediate(resolve));
    await first.stop({ timeoutMs: 0 });

    const second = await engineWith(async (chatId) => {
      attempts.push(chatId);
      return { ok: true };
    }, { soleRunner: true }); // no clock.advance: the claim has not expired
    await second.whenIdle(id);
    expect(await second.progress(id)).toMatchObject({ status: 'completed', sent: 90, unknown: 10, pending: 0 });
    expect([...tally(attempts.map((chatId) => ({ chatId, at: 0 }))).values()].every((n) => n === 1)).toBe(true);
  });

  it('hands over cleanly on a graceful stop: nothing unknown, every chat exactly once', async () => {
    const attempts: Attempt[] = [];
    const send = async (chatId: number): Promise<SendOutcome> => {
      attempts.push({ chatId, at: 0 });
      return { ok: true };
    };
    const first = await engineWith(send, { batchSize: 10 });
    const id = await first.createBroadcast({ message: MESSAGE, createdBy: ADMIN, recipients: range(1, 100) });
    await first.startBroadcast(id);
    while (attempts.length < 30) await new Promise((resolve) => setImmediate(resolve));
    await first.stop();
    expect((await first.progress(id)).status).toBe('running'); // left for the next process

    const second = await engineWith(send, { batchSize: 10 });
    await second.whenIdle(id);
    expect(attempts).toHaveLength(100);
    expect([...tally(attempts).values()].every((n) => n === 1)).toBe(true);
    expect(await second.progress(id)).toMatchObject({ status: 'completed', sent: 100, unknown: 0 });
  });

  it('does not run a broadcast another live engine holds', async () => {
    const attempts: number[] = [];
    const gate: Array<() => void> = [];
    const first = await engineWith((chatId) => {
      attempts.push(chatId);
      return new Promise<SendOutcome>((resolve) => {
        const go = () => resolve({ ok: true });
        gate.push(go);
        release.push(go);
      });
    }, { concurrency: 1 });
    const id = await first.createBroadcast({ message: MESSAGE, createdBy: ADMIN, recipients: range(1, 3) });
    await first.startBroadcast(id);
    while (attempts.length < 1) await new Promise((resolve) => setImmediate(resolve));
    const second = await engineWith(async (chatId) => {
      attempts.push(-chatId);
      return { ok: true };
    });
    await second.resumeRunning();
    await second.whenIdle(id);
    expect(attempts).toEqual([1]);
    gate.shift()?.();
  });

  it('pauses, resumes and cancels', async () => {
    const attempts: number[] = [];
    let engine!: BroadcastEngine;
    let id = '';
    let pausing: Promise<void> | undefined;
    engine = await engineWith(async (chatId) => {
      attempts.push(chatId);
      if (attempts.length === 40) pausing = engine.pause(id); // not awaited: the pause waits for this send
      return { ok: true };
    }, { batchSize: 20 });
    id = await engine.createBroadcast({ message: MESSAGE, createdBy: ADMIN, recipients: range(1, 100) });
    await engine.startBroadcast(id);
    while (!pausing) await new Promise((resolve) => setImmediate(resolve));
    await pausing;
    const atPause = attempts.length;
    expect(await engine.progress(id)).toMatchObject({ status: 'paused', sent: atPause, pending: 100 - atPause });
    expect(atPause).toBeLessThan(100);
    await expect(engine.pause(id)).rejects.toBeInstanceOf(StateError);

    await engine.resume(id);
    await engine.whenIdle(id);
    expect(attempts).toHaveLength(100);
    expect([...new Set(attempts)]).toHaveLength(100);
    expect(await engine.progress(id)).toMatchObject({ status: 'completed', sent: 100 });

    // Cancel: stops for good, what was not sent stays unsent.
    const cancelAttempts: number[] = [];
    let cancelling: Promise<void> | undefined;
    const other = await engineWith(async (chatId) => {
      cancelAttempts.push(chatId);
      if (cancelAttempts.length === 15) cancelling = other.cancel(otherId);
      return { ok: true };
    }, { batchSize: 10 });
    const otherId = await other.createBroadcast({ message: MESSAGE, createdBy: ADMIN, recipients: range(1, 50) });
    await other.startBroadcast(otherId);
    while (!cancelling) await new Promise((resolve) => setImmediate(resolve));
    await cancelling;
    await other.whenIdle(otherId);
    const progress = await other.progress(otherId);
    expect(progress).toMatchObject({ status: 'cancelled', sent: cancelAttempts.length });
    expect(progress.pending).toBe(50 - cancelAttempts.length);
    await expect(other.resume(otherId)).rejects.toBeInstanceOf(StateError);
    await expect(other.startBroadcast(otherId)).rejects.toBeInstanceOf(StateError);
    await expect(other.addRecipients(otherId, [999])).rejects.toBeInstanceOf(StateError);
  });

  it('adds recipients idempotently: duplicates, in a batch or across calls, are skipped', async () => {
    const engine = await engineWith(async () => ({ ok: true }));
    const id = await engine.createBroadcast({ message: MESSAGE, createdBy: ADMIN });
    expect(await engine.addRecipients(id, range(1, 100))).toEqual({ added: 100, duplicates: 0 });
    expect(await engine.addRecipients(id, [...range(50, 101), 150, 150])).toEqual({ added: 50, duplicates: 53 });
    expect(await engine.progress(id)).toMatchObject({ status: 'draft', total: 150, pending: 150 });
    const { Chunk } = broadcastModels(db.connection);
    expect((await Chunk.findById(chunkId(id, 0)).lean())!.chatIds).toEqual(range(1, 100));
    expect((await Chunk.findById(chunkId(id, 1)).lean())!.chatIds).toEqual(range(101, 50));
    expect(await engine.addRecipients(id, range(1, 2_500))).toEqual({ added: 2_350, duplicates: 150 });
    expect((await Chunk.findById(chunkId(id, 2)).lean())!.chatIds).toHaveLength(1000);
    expect(await engine.progress(id)).toMatchObject({ total: 2_500 });
  });

  it('paces with the real clock too', async () => {
    const times: number[] = [];
    const engine = await engineWith(
      async () => {
        times.push(Date.now());
        return { ok: true };
      },
      { clock: undefined, ratePerSecond: 10 },
    );
    const id = await engine.createBroadcast({ message: MESSAGE, createdBy: ADMIN, recipients: range(1, 6) });
    const startedAt = Date.now();
    await engine.startBroadcast(id);
    await engine.whenIdle(id);
    expect(times).toHaveLength(6);
    // A lower bound only: windows of 2 at 10/s, five turns a second, so the third window's turn
    // comes 400 ms after the first, which is not before the start. Counted from the start, not
    // from the first send: each send follows its window's database write, and a slow first write
    // (a busy machine) would shorten the gap between the first and the last send.
    expect(times.at(-1)! - startedAt).toBeGreaterThanOrEqual(398);
    expect(await engine.progress(id)).toMatchObject({ status: 'completed', sent: 6 });
  });

  it('rejects calls in the wrong engine state and unknown broadcasts', async () => {
    const engine = new BroadcastEngine({ db: db.connection, send: async () => ({ ok: true }), resumeIntervalMs: 0 });
    engines.push(engine);
    const id = await engine.createBroadcast({ message: MESSAGE, createdBy: ADMIN, recipients: [1] });
    await expect(engine.startBroadcast(id)).rejects.toBeInstanceOf(StateError);
    await engine.start();
    await expect(engine.start()).rejects.toBeInstanceOf(StateError);
    await expect(engine.progress('nope')).rejects.toMatchObject({ code: 'BROADCAST_NOT_FOUND' });
  });

  it('writes the broadcast once per window, and reads recipients by chunk id only', async () => {
    const monitored = await openTestDatabase('broadcast_writes', { monitorCommands: true });
    const commands: Array<{ name: string; collection: unknown; filter: unknown }> = [];
    monitored.connection.getClient().on('commandStarted', (event) => {
      const body = event.command as Record<string, unknown>;
      const first = (body.updates as Array<{ q: unknown }> | undefined)?.[0]?.q ?? body.filter;
      commands.push({ name: event.commandName, collection: body[event.commandName], filter: first });
    });
    try {
      const engine = new BroadcastEngine({ db: monitored.connection, send: async () => ({ ok: true }), clock: new VirtualClock(), resumeIntervalMs: 0, ratePerSecond: 30 });
      engines.push(engine);
      await engine.start();
      const id = await engine.createBroadcast({ message: MESSAGE, createdBy: ADMIN, recipients: range(1, 1_500) });
      commands.length = 0;
      await engine.startBroadcast(id);
      await engine.whenIdle(id);
      expect(await engine.progress(id)).toMatchObject({ status: 'completed', sent: 1_500 });
      const updates = commands.filter((c) => c.name === 'update' && c.collection === 'broadcasts');
      // 150 windows of 10, each one cursor write, plus start and finish.
      expect(updates.length).toBeGreaterThanOrEqual(150);
      expect(updates.length).toBeLessThanOrEqual(153);
      const chunkReads = commands.filter((c) => c.collection === 'broadcast_chunks');
      expect(chunkReads.map((c) => c.filter)).toEqual([{ _id: chunkId(id, 0) }, { _id: chunkId(id, 1) }]);
      expect(commands.filter((c) => c.collection === 'broadcast_outcomes')).toEqual([]);
    } finally {
      await Promise.all(engines.splice(0).map((engine) => engine.stop({ timeoutMs: 0 })));
      await monitored.drop();
    }
  });

  it('records the settled window before a long 429 pause, so a crash during it leaves nobody unknown', async () => {
    // A process that dies during the pause: its long sleep never ends, so it never writes again.
    class DiesInLongSleeps extends VirtualClock {
      override sleep(ms: number, signal?: AbortSignal): Promise<void> {
        return ms >= 100_000 ? new Promise<void>(() => undefined) : super.sleep(ms, signal);
      }
    }
    const clock = new DiesInLongSleeps();
    const attempts: number[] = [];
    let limitedOnce = false;
    let paused: () => void = () => undefined;
    const pausedNow = new Promise<void>((resolve) => (paused = resolve));
    const first = await engineWith(
      async (chatId) => {
        attempts.push(chatId);
        if (chatId === 15 && !limitedOnce) {
          limitedOnce = true;
          setImmediate(paused);
          return { ok: false, kind: 'retry_after', seconds: 600 };
        }
        return { ok: true };
      },
      { clock, ratePerSecond: 30 },
    );
    const id = await first.createBroadcast({ message: MESSAGE, createdBy: ADMIN, recipients: range(1, 40) });
    await first.startBroadcast(id);
    await pausedNow;
    // The runner now waits out the 600 s pause; give it the turns it needs to write first.
    for (let i = 0; i < 100 && (await storedCursor(id)).inFlight.length > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await storedCursor(id)).inFlight).toEqual([]);
    expect((await storedCursor(id)).retry).toEqual([14]); // chat 15 is position 14: certainly not delivered
    await first.stop({ timeoutMs: 0 }); // dies during the pause

    clock.advance(700_000);
    const second = await engineWith(async (chatId) => {
      attempts.push(chatId);
      return { ok: true };
    }, { clock });
    await second.whenIdle(id);
    expect(await second.progress(id)).toMatchObject({ status: 'completed', sent: 40, unknown: 0 });
    expect(tally(attempts.map((chatId) => ({ chatId, at: 0 }))).get(15)).toBe(2); // refused once, then delivered
    expect([...tally(attempts.map((chatId) => ({ chatId, at: 0 }))).entries()].filter(([chat, n]) => chat !== 15 && n !== 1)).toEqual([]);
  });

  it('carries a broadcast of the first engine (one document per recipient) over to chunks', async () => {
    const { Broadcast } = broadcastModels(db.connection);
    const legacy = db.connection.collection('broadcast_recipients');
    await Broadcast.collection.insertOne({ _id: 'legacy1', status: 'running', message: MESSAGE, createdBy: ADMIN, counters: { total: 6, sent: 2, blocked: 0, failed: 0, unknown: 0 }, reason: null, runner: null } as never);
    const statusOf = ['sent', 'sent', 'blocked', 'sending', 'pending', 'pending'];
    await legacy.insertMany(statusOf.map((status, i) => ({ _id: `legacy1:${i + 1}`, broadcastId: 'legacy1', chatId: i + 1, status, claim: null, reason: status === 'blocked' ? 'Forbidden' : null, doneAt: null })) as never[]);
    const sent: number[] = [];
    const engine = await engineWith(async (chatId) => {
      sent.push(chatId);
      return { ok: true };
    });
    await engine.whenIdle('legacy1');
    expect(sent.sort()).toEqual([5, 6]);
    expect(await engine.progress('legacy1')).toMatchObject({ status: 'completed', total: 6, sent: 4, blocked: 1, unknown: 1, pending: 0 });
    const byChat = await outcomes('legacy1');
    expect(byChat.get(3)).toMatchObject({ status: 'blocked', reason: 'Forbidden' });
    expect(byChat.get(4)).toMatchObject({ status: 'unknown', reason: INTERRUPTED_REASON });
  });
});
