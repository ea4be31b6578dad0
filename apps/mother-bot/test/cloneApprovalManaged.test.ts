import type { TgMessage } from '@motherbot/telegram-sandbox';
import { PlatformHarness } from './harness';

const textOf = (m: TgMessage): string => String((m as { text?: string }).text ?? '');
const buttonsOf = (m: TgMessage): string[] =>
  ((m as { reply_markup?: { inline_keyboard?: Array<Array<{ callback_data?: string }>> } }).reply_markup?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? '');

/**
 * The one-tap "create a new bot" path (Telegram's managed bots) with approval of new clones on,
 * against the real mother runtime, a private PM2 daemon, the sandbox over HTTP and FerretDB.
 * Approval is off in the environment; the admin turns it on from /admin → ⚙️ Platform (so the
 * runtime's onboarding reads the admin's setting). The new clone waits without a worker, the
 * admin is told with approve / reject buttons, and approving it makes it live and tells the owner.
 */
describe('one-tap managed bot creation with approval on (set from /admin)', () => {
  const h = new PlatformHarness();
  const mother = () => h.motherBot.id;
  const say = async (userId: number, text: string, expect: RegExp) => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(userId, mother(), text);
    return h.sandbox.waitForBotMessage({ chatId: userId, botRef: mother(), after, timeoutMs: 20_000, predicate: (m) => expect.test(textOf(m)) });
  };
  const press = async (userId: number, message: TgMessage, data: string) => (await h.sandbox.pressButton(userId, mother(), message.message_id, data)).answer;

  beforeAll(async () => h.start({ USER_RATE_PER_MINUTE: '1000' }), 60_000);
  afterAll(async () => h.close(), 60_000);

  it('keeps the new clone pending with no worker, tells the admins with buttons; approving makes it live and tells the owner', async () => {
    await say(h.admin.id, '/start', /I run your own copy/);
    const home = await say(h.admin.id, '/admin', /Admin panel/);
    expect(buttonsOf(home)).toContain('a:plat');
    await press(h.admin.id, home, 'a:plat'); // answered once the screen is shown (an edit of the same message)
    const screen = h.sandbox.transcript(h.admin.id, mother()).find((e) => e.messageId === home.message_id)!.message;
    expect(textOf(screen)).toMatch(/Approval of new clones: off — environment default \(CLONE_APPROVAL_REQUIRED\)/);
    expect(buttonsOf(screen)).toContain('a:papr:1');
    expect((await press(h.admin.id, screen, 'a:papr:1'))?.text).toBe('Saved');
    await h.until('approval on', async () => (await h.mother!.models.PlatformSettings.findById('platform').lean())?.cloneApprovalRequired === true);

    const owner = h.sandbox.createUser({ firstName: 'Mia' });
    await say(owner.id, '/new', /Or tap the button/);
    const after = h.sandbox.cursor();
    await h.sandbox.pressKeyboardButton(owner.id, mother(), '✨ Create a new bot for me');
    const created = await h.sandbox.waitForBotMessage({ chatId: owner.id, botRef: mother(), after, predicate: (m) => /was created and is now your clone/.test(textOf(m)) });
    expect(textOf(created)).toMatch(/approved by the admins on this platform/);
    const bot = h.sandbox.bot(`clone_${owner.id}_bot`);
    const clone = (await h.mother!.models.Clone.findOne({ botId: bot.id }).lean())!;
    expect(clone.source).toBe('managed');
    expect(clone.approval).toBe('pending');

    // The manager has looked at it (the verdict is its status reason) and started no worker.
    await h.until('pending clone reconciled', async () => (await h.mother!.models.Clone.findById(clone._id).lean())?.statusReason === 'pending_approval');
    expect((await h.workers()).find((p) => p.name === `clone-${clone._id}`)).toBeUndefined();

    const request = await h.sandbox.waitForBotMessage({ chatId: h.admin.id, botRef: mother(), after, predicate: (m) => new RegExp(`waiting for approval: @${bot.username}`).test(textOf(m)) });
    expect(buttonsOf(request)).toEqual([`a:apr:${clone._id}`, `a:rej:${clone._id}`]);
    const decided = h.sandbox.cursor();
    expect((await press(h.admin.id, request, `a:apr:${clone._id}`))?.text).toBe('Approved');
    await h.sandbox.waitForBotMessage({ chatId: owner.id, botRef: mother(), after: decided, predicate: (m) => new RegExp(`@${bot.username} was approved`).test(textOf(m)) });
    await h.until('worker online', async () => (await h.workers()).find((p) => p.name === `clone-${clone._id}`)?.status === 'online', 30_000);
    await h.sandbox.waitForBotMessage({ chatId: owner.id, botRef: mother(), after: decided, timeoutMs: 30_000, predicate: (m) => new RegExp(`@${bot.username} is live`).test(textOf(m)) });
    const reply = h.sandbox.cursor();
    await h.sandbox.sendText(owner.id, bot.id, '/start');
    await h.sandbox.waitForBotMessage({ chatId: owner.id, botRef: bot.id, after: reply, timeoutMs: 20_000, predicate: (m) => /Mia/.test(textOf(m)) });
  }, 120_000);
});
