import type { Connection } from 'mongoose';
import { DAY_MS, createLogger, ensurePlatformIndexes, newCloneId, platformModels, trialExpiry, type PlatformModels } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { ReminderJob, type Reminder } from '../src/services/reminders';

/**
 * The reminder job against the real database: a clone created with a 3-day trial is not told
 * "ends in 3 days" a second later (it was just told the trial's end); it hears the 1-day and
 * the at-expiry reminders, each once. A longer trial still gets its 3-day reminder.
 */
describe('reminders that tell the owner something new', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: PlatformModels;
  const logger = createLogger({ label: 'test', level: 'error', console: false });
  const sent: Reminder[] = [];
  const send = async (r: Reminder): Promise<void> => void sent.push(r);
  let now = new Date();
  const job = (): ReminderJob => new ReminderJob({ models, offsetsDays: [3, 1, 0], logger, clock: () => now });
  const told = (cloneId: string): number[] => sent.filter((r) => r.cloneId === cloneId).map((r) => r.offsetDays);

  /** What onboarding stores for a new clone: the clone and its trial from "now". */
  const createClone = async (trialDays: number): Promise<string> => {
    const _id = newCloneId();
    await models.Clone.create({ _id, ownerId: 100, botId: Math.floor(Math.random() * 1e9), botUsername: `bot_${_id}`, source: 'token' });
    await models.Subscription.create({ _id, ownerId: 100, expiresAt: trialExpiry(trialDays, now), isTrial: true });
    return _id;
  };

  beforeAll(async () => {
    db = await openTestDatabase('remind');
    models = platformModels(db.connection as Connection);
    await ensurePlatformIndexes(models);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('sends no "ends in 3 days" for a 3-day trial just created, then the later reminders once each', async () => {
    const start = new Date();
    now = start;
    const cloneId = await createClone(3);
    now = new Date(start.getTime() + 1000);
    await job().runOnce(send);
    await job().runOnce(send);
    expect(told(cloneId)).toEqual([]);
    expect((await models.Subscription.findById(cloneId).lean())!.remindersSent).toEqual([3]);

    now = new Date(start.getTime() + 2 * DAY_MS + 60_000);
    await job().runOnce(send);
    await job().runOnce(send);
    expect(told(cloneId)).toEqual([1]);
    now = new Date(start.getTime() + 3 * DAY_MS + 60_000);
    await job().runOnce(send);
    expect(told(cloneId)).toEqual([1, 0]);
  });

  it('still sends the 3-day reminder of a 5-day trial on its second day', async () => {
    const start = new Date();
    now = start;
    const cloneId = await createClone(5);
    now = new Date(start.getTime() + 1000);
    await job().runOnce(send);
    expect(told(cloneId)).toEqual([]);
    now = new Date(start.getTime() + 2 * DAY_MS + 60_000);
    await job().runOnce(send);
    expect(told(cloneId)).toEqual([3]);
  });
});
