import { CloneHarness, textOf } from './cloneHarness';

/** Welcome text, stats, bad input of every kind, and the per-user rate limit. */
describe('clone bot: welcome, stats and bad input', () => {
  const h = new CloneHarness();
  let fay: { id: number };

  beforeAll(async () => {
    await h.start();
    fay = h.user('<i>Fay</i> & co', { username: 'fay' });
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  it('shows the owner\'s welcome text with placeholders filled and everything escaped', async () => {
    await h.settings(h.owner.id, /Welcome text/, /Edit text/);
    await h.say(h.owner.id, 'x'.repeat(4097), /limit is 4096/);
    // The owner's markup is text, shown as typed; a preview first, saved only on Save.
    const preview = await h.say(h.owner.id, '<b>Hi</b> {first_name} ({username}) & {unknown}', /Hi/);
    expect((await h.press(h.owner.id, preview, /Save/))?.text).toMatch(/Saved/);
    const welcome = await h.say(fay.id, '/start', /Hi/);
    expect(textOf(welcome)).toBe('<b>Hi</b> <i>Fay</i> & co (@fay) & {unknown}');
    await h.settings(h.owner.id, /Welcome text/, /Reset/);
    await h.say(fay.id, '/start', /Hello <i>Fay<\/i> & co! Send me a share link/);
  });

  it('answers unknown commands, long, odd-unicode and plain texts without an error', async () => {
    await h.say(fay.id, '/frobnicate now', /do not know that command/);
    await h.say(fay.id, 'y'.repeat(4096), /Send me a share link/);
    await h.say(fay.id, '\u202e\u200b🧨 ̷̛͚ ﷽ \ud83d\ude00', /Send me a share link/);
    await h.say(fay.id, '/start@' + h.botInfo.username, /Hello/);
    await h.say(h.owner.id, 'just chatting', /Send me a file/);
    await h.say(h.owner.id, '/cancel', /Nothing to cancel/);
    expect(h.counters.errors).toBe(0);
  });

  it('ignores update types it does not handle, and keeps working', async () => {
    const group = h.sandbox.createGroup({ title: 'Some group' });
    h.sandbox.setChatMember(group.id, h.bot, 'member');
    const channel = h.sandbox.createChannel({ title: 'Some channel' });
    const chat = { id: fay.id, type: 'private', first_name: 'Fay' };
    const from = { id: fay.id, is_bot: false, first_name: 'Fay' };
    h.sandbox.injectUpdate(h.bot, { edited_message: { message_id: 1, date: 1, edit_date: 2, chat, from, text: '/stats' } });
    h.sandbox.injectUpdate(h.bot, { channel_post: { message_id: 1, date: 1, chat: { id: channel.id, type: 'channel', title: 'Some channel' }, text: '/settings' } });
    h.sandbox.injectUpdate(h.bot, { inline_query: { id: '1', from, query: 'x', offset: '' } });
    h.sandbox.injectUpdate(h.bot, { message_reaction: { chat, message_id: 1, date: 1, old_reaction: [], new_reaction: [] } });
    h.sandbox.injectUpdate(h.bot, { message: { message_id: 99, date: 1, chat, from, sticker: { file_id: 'x', file_unique_id: 'y', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } } });
    await h.sandbox.sendText(fay.id, h.bot, '/help', { chatId: group.id });
    await h.say(fay.id, '/help', /share link/);
    expect(h.counters.errors).toBe(0);
    expect(h.sandbox.transcript(group.id, h.bot).filter((e) => e.direction === 'bot')).toHaveLength(0);
  });

  it('counts users, files, deliveries, top links and the last 7 days in /stats', async () => {
    const code = CloneHarness.codeOf(await h.upload(h.owner.id, 'popular.pdf', { caption: 'popular' }));
    const gus = h.user('Gus');
    await h.say(fay.id, `/start ${code}`, /popular/);
    await h.say(gus.id, `/start ${code}`, /popular/);
    // /stats writes what is buffered before it reads the counters: no wait needed.
    const stats = textOf(await h.say(h.owner.id, '/stats', /Stats/));
    expect(stats).toMatch(/Users: 3 /); // owner, Fay, Gus
    expect(stats).toMatch(/Files: 1 /);
    expect(stats).toMatch(/Deliveries: 2/);
    expect(stats).toContain(`1. popular.pdf ${code}: 2`);
    const today = new Date().toISOString().slice(0, 10);
    expect(stats).toContain(`${today}: 3 / 2`);
  });
});

describe('clone bot: per-user rate limit', () => {
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 5 });

  beforeAll(async () => {
    await h.start();
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  it('tells a flooding user once to slow down, ignores the rest, and still serves others', async () => {
    const flood = h.user('Flood');
    const calm = h.user('Calm');
    for (let i = 0; i < 12; i++) await h.sandbox.sendText(flood.id, h.bot, `/help ${i}`);
    await h.say(calm.id, '/help', /share link/);
    await h.until('flooder told', () => h.sandbox.transcript(flood.id, h.bot).some((e) => /too fast/.test(e.summary)));
    await h.until('five answers', () => h.sandbox.transcript(flood.id, h.bot).filter((e) => e.direction === 'bot' && /share link/.test(e.summary)).length === 5);
    // Nothing more arrives for the flooder: the other seven were dropped.
    await h.say(calm.id, '/help', /share link/);
    const bot = h.sandbox.transcript(flood.id, h.bot).filter((e) => e.direction === 'bot');
    expect(bot).toHaveLength(6);
    expect(bot.filter((e) => /too fast/.test(e.summary))).toHaveLength(1);
    // The owner is never limited.
    for (let i = 0; i < 8; i++) await h.say(h.owner.id, '/help', /Owner commands/);
  });
});
