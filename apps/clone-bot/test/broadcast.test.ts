import { CloneHarness, textOf } from './cloneHarness';

/** /broadcast through the shared engine: 429s honoured, blocked users marked, nobody twice. */
describe('clone bot: broadcast', () => {
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 1000, broadcastRatePerSecond: 30 });
  const users: Array<{ id: number }> = [];

  beforeAll(async () => {
    await h.start();
    for (let i = 0; i < 20; i++) {
      const u = h.user(`User${i}`);
      users.push(u);
      await h.say(u.id, '/start', /Hello/);
    }
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  /** The status message: sent at once ("Preparing"), then edited once the audience is listed. */
  const broadcastStatus = async (after: number, shown: RegExp) => {
    const status = await h.next(h.owner.id, /Preparing the broadcast/, after);
    await h.until(`status shows ${shown}`, () => shown.test(textOf(h.current(h.owner.id, status.message_id))));
    return status;
  };
  const copiesOf = (userId: number, text: string) => h.sandbox.transcript(userId, h.bot).filter((e) => e.direction === 'bot' && e.summary === text).length;

  it('refuses /broadcast without a reply', async () => {
    await h.say(h.owner.id, '/broadcast', /Reply with \/broadcast/);
  });

  it('sends to every user once through 429s, and marks users who blocked the bot', async () => {
    // Two users block the bot while it is down and their my_chat_member updates are lost:
    // the broadcast itself meets their 403s.
    await h.stopBot();
    h.sandbox.blockBot(users[3]!.id, h.bot);
    h.sandbox.blockBot(users[7]!.id, h.bot);
    await h.dropPendingUpdates();
    await h.launch();
    expect(await h.models.User.countDocuments({ blockedAt: { $ne: null } })).toBe(0);

    const news = await h.sandbox.sendText(h.owner.id, h.bot, 'Big news for everyone!');
    h.sandbox.injectFault({ botRef: h.bot, method: 'copyMessage', kind: '429', count: 3, retryAfter: 1 });
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, '/broadcast', { replyToMessageId: news.message_id });
    const status = await broadcastStatus(after, /Broadcasting to 20 user|Broadcast finished/);
    const final = await h.until('broadcast finished', () => {
      const now = textOf(h.current(h.owner.id, status.message_id));
      return /Broadcast finished/.test(now) ? now : undefined;
    }, 30_000);
    expect(final).toContain('Sent: 18 / 20');
    expect(final).toContain('Blocked the bot: 2');

    for (const [i, u] of users.entries()) expect(copiesOf(u.id, 'Big news for everyone!')).toBe(i === 3 || i === 7 ? 0 : 1);
    await h.until('blocked marked', async () => (await h.models.User.countDocuments({ blockedAt: { $ne: null } })) === 2);
    const stats = textOf(await h.say(h.owner.id, '/stats', /Stats/));
    expect(stats).toContain('blocked the bot: 2');
  }, 60_000);

  it('leaves blocked users out of the next broadcast, and a user who comes back is in again', async () => {
    h.sandbox.unblockBot(users[3]!.id, h.bot);
    await h.say(users[3]!.id, '/start', /Hello/);
    await h.until('unblocked', async () => (await h.models.User.findById(String(users[3]!.id)).lean())?.blockedAt === null);
    const news = await h.sandbox.sendText(h.owner.id, h.bot, 'Second news');
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, '/broadcast', { replyToMessageId: news.message_id });
    const status = await broadcastStatus(after, /Broadcasting to 19 user|Broadcast finished/);
    await h.until('second broadcast finished', () => /Broadcast finished/.test(textOf(h.current(h.owner.id, status.message_id))), 30_000);
    expect(copiesOf(users[3]!.id, 'Second news')).toBe(1);
    expect(copiesOf(users[7]!.id, 'Second news')).toBe(0);
  }, 60_000);

  it('lets the owner cancel a running broadcast', async () => {
    h.sandbox.injectFault({ botRef: h.bot, method: 'copyMessage', kind: '429', count: 1, retryAfter: 3 });
    const news = await h.sandbox.sendText(h.owner.id, h.bot, 'Third news');
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, '/broadcast', { replyToMessageId: news.message_id });
    const status = await broadcastStatus(after, /Broadcasting to/);
    const answer = await h.press(h.owner.id, status, /Cancel/);
    expect(answer?.text).toMatch(/cancelled|already over/);
    await h.until('cancelled shown', () => /cancelled|finished/.test(textOf(h.current(h.owner.id, status.message_id))), 30_000);
    const received = users.filter((u) => copiesOf(u.id, 'Third news') > 0).length;
    expect(received).toBeLessThanOrEqual(19);
    for (const u of users) expect(copiesOf(u.id, 'Third news')).toBeLessThanOrEqual(1);
  }, 60_000);
});
