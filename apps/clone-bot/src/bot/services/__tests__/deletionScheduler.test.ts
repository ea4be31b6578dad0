import { createLogger, scheduledDeletionModel, type ScheduledDeletionModel } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { waitUntil } from '@test-support/waitUntil';
import { DeletionScheduler, type DeletionActions } from '../deletionScheduler';

const logger = createLogger({ label: 'test', level: 'error', console: false });

describe('DeletionScheduler: one timer for the next due deletion', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let model: ScheduledDeletionModel;
  const schedulers: DeletionScheduler[] = [];
  let deleted: Array<{ chatId: number; messageIds: number[] }>;
  let commands: string[];
  let failNext = 0;

  const actions: DeletionActions = {
    deleteMessages: async (chatId, messageIds) => {
      if (failNext > 0) {
        failNext -= 1;
        throw Object.assign(new Error('Too Many Requests'), { code: 429 });
      }
      deleted.push({ chatId, messageIds });
    },
    markNoticeDone: async () => undefined,
    isRetryable: (error) => (error as { code?: number }).code === 429,
  };

  beforeEach(async () => {
    db = await openTestDatabase('deletions', { monitorCommands: true });
    model = scheduledDeletionModel(db.connection);
    deleted = [];
    commands = [];
    failNext = 0;
    db.connection.getClient().on('commandStarted', (event) => {
      if (event.commandName !== 'endSessions') commands.push(`${event.commandName} ${String((event.command as Record<string, unknown>)[event.commandName])}`);
    });
  });
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.stop()));
    await db.drop();
  });

  const started = (intervalMs = 100): DeletionScheduler => {
    const scheduler = new DeletionScheduler(model, actions, logger, { intervalMs });
    schedulers.push(scheduler);
    scheduler.start();
    return scheduler;
  };

  it('makes no query and arms no timer while nothing is scheduled', async () => {
    const scheduler = started();
    await waitUntil('the start pass', () => commands.some((c) => c.startsWith('find scheduled_deletions')), 10_000);
    await waitUntil('nothing armed', () => scheduler.nextPassAt === Infinity, 10_000);
    const after = commands.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(commands.slice(after)).toEqual([]);
  });

  it('arms for the job that is due first, deletes it then, and sleeps again', async () => {
    const scheduler = started();
    await waitUntil('nothing armed', () => scheduler.nextPassAt === Infinity, 10_000);
    const due = Date.now() + 400;
    await scheduler.schedule({ chatId: 7, messageIds: [1, 2], noticeMessageId: null, dueAt: new Date(due) });
    expect(scheduler.nextPassAt).toBe(due);
    await scheduler.schedule({ chatId: 8, messageIds: [3], noticeMessageId: null, dueAt: new Date(due + 60_000) });
    expect(scheduler.nextPassAt).toBe(due); // a later job does not move the timer
    await waitUntil('chat 7 cleaned', () => deleted.length === 1, 10_000);
    expect(deleted).toEqual([{ chatId: 7, messageIds: [1, 2] }]);
    await waitUntil('armed for chat 8', () => scheduler.nextPassAt === due + 60_000, 10_000);
    expect(await model.countDocuments({})).toBe(1);
  });

  it('deletes what a previous worker left due, at start', async () => {
    await model.create({ chatId: 9, messageIds: [5], noticeMessageId: null, dueAt: new Date(Date.now() - 1000), claimedUntil: null, attempts: 0 });
    started();
    await waitUntil('left-over job done', () => deleted.length === 1, 10_000);
    expect(await model.countDocuments({})).toBe(0);
  });

  it('retries a deletion Telegram refused for now, after intervalMs', async () => {
    failNext = 1;
    const scheduler = started(150);
    await waitUntil('nothing armed', () => scheduler.nextPassAt === Infinity, 10_000);
    await scheduler.schedule({ chatId: 10, messageIds: [6], noticeMessageId: null, dueAt: new Date(Date.now() + 50) });
    await waitUntil('deleted on the second try', () => deleted.length === 1, 10_000);
    expect((await model.countDocuments({}))).toBe(0);
    expect(failNext).toBe(0);
  });
});
