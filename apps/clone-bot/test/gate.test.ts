import { scheduledDeletionModel } from '@motherbot/core';
import { CloneHarness, textOf } from './cloneHarness';

/** Force-subscribe, protect content and auto-delete, from the owner's and the user's side. */
describe('clone bot: force-subscribe, protect content, auto-delete', () => {
  const h = new CloneHarness();
  let ben: { id: number };
  let cat: { id: number };
  let code: string;
  let news: { id: number };

  beforeAll(async () => {
    await h.start();
    ben = h.user('Ben');
    cat = h.user('Cat');
    code = CloneHarness.codeOf(await h.upload(h.owner.id, 'secret.pdf', { caption: 'the secret file' }));
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  it('owner adds a force-subscribe channel through /settings', async () => {
    news = h.sandbox.createChannel({ title: 'News <Channel>', username: 'news_chan' });
    h.sandbox.setChatMember(news.id, h.bot, 'administrator');
    h.sandbox.setChatMember(news.id, h.owner.id, 'creator');
    await h.settings(h.owner.id, /Force-subscribe/, /Add channel/);
    await h.say(h.owner.id, 'not a channel at all', /Try again/);
    const done = await h.say(h.owner.id, '@news_chan', /must now join/);
    expect(textOf(done)).toContain('News <Channel>');
    const settings = await h.clone!.runtime.settings.get();
    expect(settings.forceSubChannels).toEqual([{ chatId: news.id, title: 'News <Channel>', joinUrl: 'https://t.me/news_chan' }]);
  });

  it('a user who is not a member gets join buttons; "try again" delivers once they joined', async () => {
    const gate = await h.say(ben.id, `/start ${code}`, /join/);
    const buttons = CloneHarness.buttons(gate);
    expect(buttons[0]).toMatchObject({ url: 'https://t.me/news_chan' });
    expect(buttons.some((b) => b.data === `fs:${code}`)).toBe(true);
    expect(h.filesIn(ben.id)).toHaveLength(0);

    const notYet = await h.press(ben.id, gate, /Try again/);
    expect(notYet?.text).toMatch(/not joined yet/);
    expect(h.filesIn(ben.id)).toHaveLength(0);

    h.sandbox.setChatMember(news.id, ben.id, 'member');
    const after = h.sandbox.cursor();
    await h.press(ben.id, gate, /Try again/);
    await h.next(ben.id, /the secret file/, after);
  });

  it('a member gets the file directly', async () => {
    h.sandbox.setChatMember(news.id, cat.id, 'member');
    await h.say(cat.id, `/start ${code}`, /the secret file/);
  });

  it('when the bot cannot check a channel, the owner is told what to fix (once) and users get through', async () => {
    const hidden = h.sandbox.createChannel({ title: 'Hidden', username: 'hidden_chan' });
    h.sandbox.setChatMember(hidden.id, h.bot, 'administrator');
    await h.settings(h.owner.id, /Force-subscribe/, /Add channel/);
    await h.say(h.owner.id, '@hidden_chan', /must now join/);
    h.sandbox.setChatMember(hidden.id, h.bot, 'member'); // demoted: cannot read the member list any more
    await h.clone!.runtime.settings.update({}); // drop the settings cache

    const ownerAfter = h.sandbox.cursor();
    await h.say(ben.id, `/start ${code}`, /the secret file/);
    const warning = await h.next(h.owner.id, /cannot check who joined/, ownerAfter);
    expect(textOf(warning)).toContain('Hidden');
    expect(textOf(warning)).toContain('member list is inaccessible');
    expect(textOf(warning)).toMatch(/administrator/);

    await h.say(cat.id, `/start ${code}`, /the secret file/);
    const warnings = h.sandbox.transcript(h.owner.id, h.bot).filter((e) => e.seq > ownerAfter && /cannot check who joined/.test(e.summary));
    expect(warnings).toHaveLength(1);
    // Remove both channels for the next tests.
    await h.clone!.runtime.settings.update({ forceSubChannels: [] });
  });

  it('protect content: delivered files carry protected content once the owner turns it on', async () => {
    const before = await h.say(ben.id, `/start ${code}`, /the secret file/);
    expect((before as { has_protected_content?: boolean }).has_protected_content).toBeUndefined();
    const menu = await h.settings(h.owner.id, /Protect: off/);
    expect(textOf(menu)).toContain('Protect content: on');
    const after = await h.say(ben.id, `/start ${code}`, /the secret file/);
    expect((after as { has_protected_content?: boolean }).has_protected_content).toBe(true);
  });

  it('auto-delete: delivered files disappear after the delay, with a notice', async () => {
    await h.settings(h.owner.id, /Auto-delete/, /Custom/);
    await h.say(h.owner.id, 'soon', /Send a delay/);
    await h.say(h.owner.id, '1s', /deleted after 1 second/);
    const cursor = h.sandbox.cursor();
    const file = await h.say(cat.id, `/start ${code}`, /the secret file/);
    const notice = await h.next(cat.id, /will be deleted in 1 second/, cursor);
    await h.until('file deleted', () => h.sandbox.transcript(cat.id, h.bot).find((e) => e.message.message_id === file.message_id)?.deleted);
    await h.until('notice edited', () => /was deleted/.test(textOf(h.current(cat.id, notice.message_id))));
    await h.until('job removed', async () => (await h.models.ScheduledDeletion.countDocuments({})) === 0);
  });

  it('auto-delete survives a worker restart', async () => {
    await h.clone!.runtime.settings.update({ autoDeleteSeconds: 2 });
    const file = await h.say(ben.id, `/start ${code}`, /the secret file/);
    await h.until('deletion stored', async () => (await h.models.ScheduledDeletion.countDocuments({ chatId: ben.id })) === 1);
    await h.stopBot();
    const job = await h.until('job due', async () => {
      const j = await scheduledDeletionModel(h.connection).findOne({ chatId: ben.id }).lean();
      return j && j.dueAt.getTime() < Date.now() ? j : undefined;
    });
    expect(h.sandbox.transcript(ben.id, h.bot).find((e) => e.message.message_id === file.message_id)?.deleted).toBe(false);
    expect(job.messageIds).toContain(file.message_id);
    await h.launch();
    await h.until('file deleted after restart', () => h.sandbox.transcript(ben.id, h.bot).find((e) => e.message.message_id === file.message_id)?.deleted);
  });
});
