import type { TgMessage } from '@motherbot/telegram-sandbox';
import { CloneHarness, textOf } from './cloneHarness';
import { cloneTexts } from '../src/i18n/texts';

/**
 * A range batch is one link however many files it holds (up to the 1,000-post cap), delivered a
 * page of 50 at a time, end to end (real bot, sandbox, database): the first page and a "Send the
 * next 50" button on opening, each press the next page with the button moved under it, the last
 * page without one. The button is the opener's own: anyone else's press, a tampered page, or a
 * button pressed twice sends nothing; it still works after a restart (it is signed, nothing is
 * remembered); and with a daily quota of 1 the link counts once while every page still comes.
 */
describe('clone bot: a range batch is one link, delivered in pages', () => {
  const h = new CloneHarness(undefined, { indexPostsPerSecond: 50 });
  const FILES = 120;
  let channel: { id: number; title: string };
  let code: string;
  const openAgain = cloneTexts.t('en', 'batchPages.openAgain');

  const link = (n: number): string => h.sandbox.postLink(channel.id, n);
  const names = (userId: number): string[] => h.filesIn(userId).map((e) => (e.message as { document?: { file_name: string } }).document?.file_name ?? '?');
  const notes = (userId: number): TgMessage[] => h.sandbox.transcript(userId, h.bot).filter((e) => e.direction === 'bot' && /^Files \d+–\d+ of/.test(textOf(e.message))).map((e) => e.message);
  const nextButton = (m: TgMessage) => CloneHarness.buttons(m).find((b) => /Send the next/.test(b.text));
  /** Opens the link as `userId`; resolves with the first page's note once its 50 files are in. */
  const open = async (userId: number): Promise<TgMessage> => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(userId, h.bot, `/start ${code}`);
    const note = await h.next(userId, /^Files 1–50 of 120\.$/, after);
    expect(h.filesIn(userId)).toHaveLength(50);
    return note;
  };
  /** Presses the next-page button of `note`; resolves with the new note. */
  const pressNext = async (userId: number, note: TgMessage, expectNote: RegExp): Promise<TgMessage> => {
    const after = h.sandbox.cursor();
    await h.press(userId, note, /Send the next/);
    return h.next(userId, expectNote, after);
  };

  beforeAll(async () => {
    await h.start();
    channel = h.sandbox.createChannel({ title: 'Pages', username: 'pages_files' });
    h.sandbox.setChatMember(channel.id, h.owner.id, 'creator');
    h.sandbox.setChatMember(channel.id, h.bot, 'administrator');
    await h.clone!.runtime.settings.update({ indexChannel: { chatId: channel.id, title: 'Pages', username: 'pages_files' } });
    for (let n = 1; n <= FILES; n++) {
      await h.sandbox.postToChannel(h.owner.id, channel.id, { file: { kind: 'document', fileName: `page-${n}.txt`, content: Buffer.from(`page file ${n}`) } });
    }
  }, 90_000);
  afterAll(() => h.close(), 60_000);

  it('/batch of a range of 120 files makes one link and says the files come in pages of 50', async () => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, `/batch ${link(1)} ${link(FILES)}`);
    const progress = await h.next(h.owner.id, /posts read/, after);
    const done = await h.until('range batch done', () => /One link for 120 files/.test(textOf(h.current(h.owner.id, progress.message_id))) && h.current(h.owner.id, progress.message_id), 60_000);
    expect(textOf(done)).toContain('pages of 50 files');
    const codes = [...textOf(done).matchAll(/\?start=(b_[A-Za-z0-9_-]{16})/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(1);
    code = codes[0]!;
    const batch = await h.models.Batch.findById(code).lean();
    expect(batch?.fileCodes).toHaveLength(FILES);
  }, 90_000);

  it('opening it sends 50 files and a button; each press the next page, the last 20 without a button', async () => {
    const ann = h.user('Ann');
    const first = await open(ann.id);
    expect(nextButton(first)?.text).toBe('⬇️ Send the next 50');

    const second = await pressNext(ann.id, first, /^Files 51–100 of 120\.$/);
    expect(h.filesIn(ann.id)).toHaveLength(100);
    // The button moved: the pressed note has none now, the new one (under the new files) has it.
    expect(nextButton(h.current(ann.id, first.message_id))).toBeUndefined();
    expect(nextButton(second)?.text).toBe('⬇️ Send the next 20');

    const last = await pressNext(ann.id, second, /^Files 101–120 of 120: that was the last page\.$/);
    await h.until('the last 20 files', () => h.filesIn(ann.id).length === FILES);
    expect(CloneHarness.buttons(last)).toHaveLength(0);
    expect(names(ann.id)).toEqual(Array.from({ length: FILES }, (_, i) => `page-${i + 1}.txt`));
    expect(h.counters.errors).toBe(0);
  }, 60_000);

  it("refuses someone else's copied button, a tampered page and a second press, sending nothing", async () => {
    const ben = h.user('Ben');
    const cleo = h.user('Cleo');
    const note = await open(ben.id);
    const data = nextButton(note)!.data!;
    // Cleo has a chat with the bot (her welcome), and presses Ben's button data there.
    const welcome = await h.say(cleo.id, '/start', /./);
    const before = h.sandbox.transcript(cleo.id, h.bot).length;
    const foreign = await h.sandbox.pressButton(cleo.id, h.bot, welcome.message_id, data, { force: true });
    expect((await foreign.answer)?.text).toBe(openAgain);
    // Ben's own button with another page (the signature no longer matches).
    const tampered = data.replace(/^(bp:[^:]+:)1:/, (_, head: string) => `${head}2:`);
    expect(tampered).not.toBe(data);
    const forged = await h.sandbox.pressButton(ben.id, h.bot, note.message_id, tampered, { force: true });
    expect((await forged.answer)?.text).toBe(openAgain);

    // Ben's real press works; pressing the same button again sends nothing more.
    await pressNext(ben.id, note, /^Files 51–100 of 120\.$/);
    const again = await h.sandbox.pressButton(ben.id, h.bot, note.message_id, data, { force: true });
    await again.answer;
    // Ben's updates run one at a time: once /help is answered, the second press has run.
    await h.say(ben.id, '/help', /share link/);
    expect(h.filesIn(ben.id)).toHaveLength(100);
    expect(notes(ben.id)).toHaveLength(2);
    expect(h.sandbox.transcript(cleo.id, h.bot)).toHaveLength(before);
    expect(h.filesIn(cleo.id)).toHaveLength(0);
  }, 60_000);

  it('a page button still works after a restart: it is signed, not remembered', async () => {
    const dan = h.user('Dan');
    const note = await open(dan.id);
    await h.restart();
    await pressNext(dan.id, note, /^Files 51–100 of 120\.$/);
    expect(h.filesIn(dan.id)).toHaveLength(100);
  }, 60_000);

  it('with verification on, a press does not ask to verify again (the opening passed the gate)', async () => {
    const rt = h.clone!.runtime;
    await rt.settings.update({ verifyEnabled: true });
    try {
      const fay = h.user('Fay');
      await rt.data.access.markVerified(fay.id, new Date(Date.now() + 3_600_000));
      const first = await open(fay.id);
      // Her verification runs out before she presses: the page still comes, no verify prompt.
      await rt.data.access.markVerified(fay.id, new Date(Date.now() - 1_000));
      const second = await pressNext(fay.id, first, /^Files 51–100 of 120\.$/);
      await pressNext(fay.id, second, /last page/);
      await h.until('every page', () => h.filesIn(fay.id).length === FILES);
      expect(h.sandbox.transcript(fay.id, h.bot).some((e) => /verify/i.test(textOf(e.message)))).toBe(false);
    } finally {
      await rt.settings.update({ verifyEnabled: false });
    }
  }, 60_000);

  it('with a daily quota of 1, the link counts once and every page still comes', async () => {
    await h.clone!.runtime.settings.update({ dailyFileQuota: 1 });
    try {
      const eve = h.user('Eve');
      const first = await open(eve.id);
      const second = await pressNext(eve.id, first, /^Files 51–100 of 120\.$/);
      await pressNext(eve.id, second, /last page/);
      await h.until('every page', () => h.filesIn(eve.id).length === FILES);
      const access = await h.models.UserAccess.findById(String(eve.id)).lean();
      expect(access?.quotaCount).toBe(1);
      // The one link of the day was used: opening it again is refused.
      await h.say(eve.id, `/start ${code}`, /today's limit of 1 file link/);
      expect(h.filesIn(eve.id)).toHaveLength(FILES);
    } finally {
      await h.clone!.runtime.settings.update({ dailyFileQuota: 0 });
    }
  }, 60_000);
});
