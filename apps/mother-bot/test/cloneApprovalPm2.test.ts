import { PlatformHarness } from './harness';

/**
 * Admin approval against the real clone manager: the real mother, a private PM2 daemon, the
 * sandbox over HTTP, FerretDB. A pending clone is reconciled (its status reason says so) and no
 * worker is started; once an admin approves it, the manager starts the worker and the owner
 * hears that it is live. One worker (PM2 is costly).
 */
describe('admin approval of new clones under PM2', () => {
  const h = new PlatformHarness();
  const mother = () => h.motherBot.id;
  const say = async (userId: number, text: string, expect: RegExp) => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(userId, mother(), text);
    return h.sandbox.waitForBotMessage({ chatId: userId, botRef: mother(), after, timeoutMs: 20_000, predicate: (m) => expect.test(String(m.text ?? '')) });
  };

  beforeAll(async () => h.start({ CLONE_APPROVAL_REQUIRED: 'true', USER_RATE_PER_MINUTE: '1000' }), 60_000);
  afterAll(async () => h.close(), 60_000);

  it('does not start a pending clone; starts it once an admin approves', async () => {
    const owner = h.sandbox.createUser({ firstName: 'Olga' });
    const bot = h.sandbox.createBot({ username: 'pending_pm2_bot' });
    await say(h.admin.id, '/start', /I run your own copy/);
    await say(owner.id, '/new', /Send me the token/);
    await say(owner.id, bot.token, /approved by the admins on this platform/);
    const cloneId = (await h.mother!.models.Clone.findOne({ botId: bot.id }).lean())!._id;
    // The manager has looked at it (it wrote the verdict as the status reason) and started nothing.
    await h.until('pending clone reconciled', async () => (await h.mother!.models.Clone.findById(cloneId).lean())?.statusReason === 'pending_approval');
    expect((await h.workers()).find((p) => p.name === `clone-${cloneId}`)).toBeUndefined();

    const request = await h.sandbox.waitForBotMessage({ chatId: h.admin.id, botRef: mother(), predicate: (m) => /waiting for approval: @pending_pm2_bot/.test(String(m.text ?? '')) });
    const after = h.sandbox.cursor();
    const pressed = await h.sandbox.pressButton(h.admin.id, mother(), request.message_id, `a:apr:${cloneId}`);
    expect((await pressed.answer)?.text).toBe('Approved');
    await h.sandbox.waitForBotMessage({ chatId: owner.id, botRef: mother(), after, predicate: (m) => /pending_pm2_bot was approved/.test(String(m.text ?? '')) });
    await h.until('worker online', async () => (await h.workers()).find((p) => p.name === `clone-${cloneId}`)?.status === 'online');
    await h.sandbox.waitForBotMessage({ chatId: owner.id, botRef: mother(), after, timeoutMs: 30_000, predicate: (m) => /pending_pm2_bot is live/.test(String(m.text ?? '')) });
  }, 120_000);
});
