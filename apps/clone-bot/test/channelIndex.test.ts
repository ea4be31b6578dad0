import type { TgMessage } from '@motherbot/telegram-sandbox';
import { CloneHarness, hasFile, textOf } from './cloneHarness';
import { cloneTexts } from '../src/i18n/texts';

interface JobDoc {
  _id: string;
  status: string;
  next: number;
  indexed: number;
  known: number;
  skipped: number;
  missing: number;
}

/**
 * The connected channel as the clone's file library, end to end (real bot, sandbox, database):
 * connecting it (and being told what to do when the bot is no administrator), new posts indexed
 * quietly, `/index` of older posts with one edited progress message, resumed after a restart,
 * cancelled, range batches, the same file stored once, and every bad range refused with nothing
 * changed. Posts are read at 20 a second here (Telegram's pace, one a second, is the default).
 */
describe('clone bot: channel indexing', () => {
  const h = new CloneHarness(undefined, { indexPostsPerSecond: 20 });
  let channel: { id: number; title: string; username?: string };
  let other: { id: number };
  let ann: { id: number };
  const OLD_POSTS = 100;
  /** Every fifth old post is a text; the others carry a file `old-<n>.txt`. */
  const hasFileAt = (n: number): boolean => n % 5 !== 0;
  const filesBetween = (a: number, b: number): number => Array.from({ length: b - a + 1 }, (_, i) => a + i).filter(hasFileAt).length;

  const link = (n: number, priv = false): string => h.sandbox.postLink(channel.id, n, { private: priv });
  const job = () => h.connection.collection<JobDoc>('index_jobs').findOne({ _id: 'current' });
  const fileCount = () => h.connection.collection('files').countDocuments({});
  /** The progress message a command started (the first bot message after `after` that reads "posts read"). */
  const progressOf = (after: number) => h.next(h.owner.id, /posts read/, after);
  const finalOf = (message: TgMessage, expect: RegExp) => h.until(`progress reads ${expect}`, () => expect.test(textOf(h.current(h.owner.id, message.message_id))) && h.current(h.owner.id, message.message_id));

  beforeAll(async () => {
    await h.start();
    ann = h.user('Ann');
    channel = h.sandbox.createChannel({ title: 'Library', username: 'library_files' });
    other = h.sandbox.createChannel({ title: 'Elsewhere', username: 'elsewhere_files' });
    for (const c of [channel, other]) h.sandbox.setChatMember(c.id, h.owner.id, 'creator');
    h.sandbox.setChatMember(other.id, h.bot, 'administrator');
    for (let n = 1; n <= OLD_POSTS; n++) {
      if (hasFileAt(n)) await h.sandbox.postToChannel(h.owner.id, channel.id, { file: { kind: 'document', fileName: `old-${n}.txt`, content: Buffer.from(`old post ${n}`) } });
      else await h.sandbox.postToChannel(h.owner.id, channel.id, { text: `news ${n}` });
    }
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  it('asks for a connected channel before /index', async () => {
    await h.say(h.owner.id, `/index ${link(1)} ${link(2)}`, /Connect a channel first/);
  });

  it('tells the owner exactly what to do when the bot is no administrator, then connects the channel', async () => {
    await h.settings(h.owner.id, /Index channel/, /Connect channel/);
    const refused = await h.say(h.owner.id, '@library_files', /is not an administrator/);
    expect(textOf(refused)).toContain(`Add @${h.botInfo.username} to Library as an administrator`);
    expect((await h.models.Settings.findById('settings').lean())?.indexChannel ?? null).toBeNull();

    h.sandbox.setChatMember(channel.id, h.bot, 'administrator');
    const after = h.sandbox.cursor();
    await h.sandbox.forwardToBot(h.owner.id, h.bot, { text: 'a post', fromChatId: channel.id });
    await h.next(h.owner.id, /Connected/, after);
    await h.next(h.owner.id, /Now: Library/, after);
    expect((await h.models.Settings.findById('settings').lean())?.indexChannel).toEqual({ chatId: channel.id, title: 'Library', username: 'library_files' });
  });

  it("shows the channel screen in the manager's language after connecting", async () => {
    const rosa = h.sandbox.createUser({ firstName: 'Rosa', languageCode: 'es' });
    await h.clone!.runtime.settings.update({ adminIds: [rosa.id] });
    try {
      const menu = await h.say(rosa.id, '/settings', /Ajustes/);
      await h.press(rosa.id, menu, /Canal indexado/);
      await h.until('channel screen', () => textOf(h.current(rosa.id, menu.message_id)).includes('Canal indexado') && CloneHarness.buttons(h.current(rosa.id, menu.message_id)).some((b) => /Conectar canal/.test(b.text)));
      await h.press(rosa.id, menu, /Conectar canal/);
      const after = h.sandbox.cursor();
      await h.sandbox.sendText(rosa.id, h.bot, '@library_files');
      await h.next(rosa.id, /Library conectado/, after);
      const screen = await h.next(rosa.id, /Ahora: Library/, after);
      expect(textOf(screen)).toContain('Canal indexado');
      expect(CloneHarness.buttons(screen).map((b) => b.text)).toContain(cloneTexts.t('es', 'channelIndex.button.set'));
    } finally {
      await h.clone!.runtime.settings.update({ adminIds: [] });
    }
  });

  it('indexes a new post quietly, and its file is shared like an upload (the same upload gets the same link)', async () => {
    const before = h.sandbox.transcript(h.owner.id, h.bot).length;
    const post = await h.sandbox.postToChannel(h.owner.id, channel.id, { file: { kind: 'document', fileName: 'fresh.pdf', content: Buffer.from('fresh file'), caption: 'Fresh news' } });
    const uniqueId = (post as { document: { file_unique_id: string } }).document.file_unique_id;
    const stored = await h.until('post indexed', () => h.connection.collection<{ _id: string; code: string }>('file_uniques').findOne({ _id: uniqueId }));
    expect(h.sandbox.transcript(h.owner.id, h.bot).length).toBe(before);
    // A post of a channel that is not the connected one is ignored (the bot administers it too).
    await h.sandbox.postToChannel(h.owner.id, other.id, { file: { kind: 'document', fileName: 'elsewhere.pdf', content: Buffer.from('elsewhere file') } });

    const upload = await h.upload(h.owner.id, 'fresh.pdf', { expect: /start=/ });
    // the owner's upload has other bytes than the post: a different file, so send the post's own bytes
    expect(CloneHarness.codeOf(upload)).not.toBe(stored.code);
    const again = await (async () => {
      const after = h.sandbox.cursor();
      await h.sandbox.sendFile(h.owner.id, h.bot, { kind: 'document', fileName: 'fresh.pdf', content: Buffer.from('fresh file') });
      return h.next(h.owner.id, /start=/, after);
    })();
    expect(CloneHarness.codeOf(again)).toBe(stored.code);
    expect(await h.connection.collection('files').countDocuments({ fileUniqueId: uniqueId })).toBe(1);

    const got = await h.say(ann.id, `/start ${stored.code}`, /Fresh news/);
    expect(hasFile(got)).toBe(true);
    expect(await h.connection.collection('files').countDocuments({ fileName: 'elsewhere.pdf' })).toBe(0);
  });

  it('/index reads a range with one progress message edited as it goes, and deletes its read copies', async () => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, `/index ${link(1)} ${link(10, true)}`);
    const progress = await progressOf(after);
    const done = await finalOf(progress, /Read 10 posts/);
    expect(textOf(done)).toContain(`New files: ${filesBetween(1, 10)} · already stored: 0 · without a file: 2 · missing: 0`);
    expect(h.sandbox.transcript(h.owner.id, h.bot).find((e) => e.message.message_id === progress.message_id)!.history.length).toBeGreaterThanOrEqual(1);
    const copies = h.sandbox.transcript(h.owner.id, h.bot).filter((e) => e.seq > after && e.direction === 'bot' && hasFile(e.message));
    expect(copies.length).toBe(filesBetween(1, 10));
    await h.until('read copies deleted', () => h.sandbox.transcript(h.owner.id, h.bot).filter((e) => e.seq > after && hasFile(e.message)).every((e) => e.deleted));
    const file = await h.connection.collection('files').findOne({ fileName: 'old-1.txt' });
    expect(file?.storage).toEqual({ chatId: channel.id, messageId: 1 });
    const cursor = h.sandbox.cursor();
    await h.sandbox.sendText(ann.id, h.bot, `/start ${String(file?._id)}`);
    await h.next(ann.id, (m) => hasFile(m), cursor);
    expect((await job())?.status).toBe('done');

    // The same range again reads nothing from Telegram: every post is known.
    const again = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, `/index ${link(1)} ${link(10)}`);
    const second = await finalOf(await progressOf(again), /Read 10 posts/);
    expect(textOf(second)).toContain(`New files: 0 · already stored: ${filesBetween(1, 10)}`);
  });

  it('finds an indexed channel file with /search', async () => {
    const menu = await h.settings(h.owner.id, /Search: off/);
    expect(textOf(menu)).toContain('Search: on');
    const results = await h.say(ann.id, '/search old-7.txt', /Results for/);
    await h.press(ann.id, results, /old-7\.txt/);
    await h.until('the indexed file delivered', () => h.filesIn(ann.id).some((e) => (e.message as { document?: { file_name: string } }).document?.file_name === 'old-7.txt'));
  });

  it('goes on from where it stopped when the bot restarts mid-run', async () => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, `/index ${link(11)} ${link(40)}`);
    const progress = await progressOf(after);
    await h.until('a few posts read', async () => ((await job())?.next ?? 0) >= 15);
    await h.restart();
    const stoppedAt = (await job())!.next;
    expect(stoppedAt).toBeLessThan(41);
    const done = await finalOf(progress, /Read 30 posts/);
    const final = (await job())!;
    expect(final).toMatchObject({ status: 'done', next: 41, skipped: 6, missing: 0 });
    expect(final.indexed + final.known).toBe(filesBetween(11, 40));
    expect(textOf(done)).toContain('without a file: 6');
  });

  it('cancels from the button and with /cancel; what was read stays indexed', async () => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, `/index ${link(41)} ${link(100)}`);
    const progress = await progressOf(after);
    await h.until('a few posts read', async () => ((await job())?.next ?? 0) >= 44);
    await h.press(h.owner.id, progress, /Cancel/);
    await finalOf(progress, /Cancelled after/);
    const cancelled = (await job())!;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.next).toBeLessThan(101);

    const second = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, `/index ${link(41)} ${link(100)}`);
    const progress2 = await progressOf(second);
    await h.sandbox.sendText(h.owner.id, h.bot, '/cancel');
    await finalOf(progress2, /Cancelled after/);
    expect((await job())?.status).toBe('cancelled');
  });

  it('fails a job whose bot lost the channel mid-run, telling the owner what to do', async () => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, `/index ${link(41)} ${link(100)}`);
    const progress = await progressOf(after);
    h.sandbox.setChatMember(channel.id, h.bot, 'left');
    try {
      const failed = await finalOf(progress, /Indexing stopped/);
      expect(textOf(failed)).toContain(`@${h.botInfo.username} can no longer read Library`);
      expect(textOf(failed)).toContain(`Add @${h.botInfo.username} to Library as an administrator again`);
      expect((await job())?.status).toBe('failed');
    } finally {
      h.sandbox.setChatMember(channel.id, h.bot, 'administrator');
    }
  });

  it('undoes the start when the progress message cannot be sent: the next /index is not told "busy"', async () => {
    // Telegram asks to wait longer than an update may: the progress message is not sent.
    h.sandbox.injectFault({ botRef: h.bot, method: 'sendMessage', kind: '429', count: 1, retryAfter: 100 });
    await h.say(h.owner.id, `/index ${link(95)} ${link(100)}`, /did not start/);
    expect((await job())?.status).toBe('failed');
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, `/index ${link(95)} ${link(100)}`);
    await finalOf(await progressOf(after), /Read 6 posts/);
  });

  it('/batch of a range makes one link for every file between two posts (sent in pages of 50), indexing the unread ones', async () => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, `/batch ${link(1)} ${link(OLD_POSTS)}`);
    const total = filesBetween(1, OLD_POSTS);
    const done = await finalOf(await progressOf(after), new RegExp(`One link for ${total} files of Library`));
    expect(textOf(done)).toContain('pages of 50 files');
    const codes = [...textOf(done).matchAll(/\?start=(b_[A-Za-z0-9_-]{16})/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(1);
    const before = h.filesIn(ann.id).length;
    const opened = h.sandbox.cursor();
    await h.sandbox.sendText(ann.id, h.bot, `/start ${codes[0]}`);
    const note = await h.next(ann.id, new RegExp(`^Files 1–50 of ${total}\\.$`), opened);
    expect(h.filesIn(ann.id).length).toBe(before + 50);
    const pressed = h.sandbox.cursor();
    await h.press(ann.id, note, /Send the next/);
    await h.next(ann.id, /last page/, pressed);
    await h.until('the second page delivered', () => h.filesIn(ann.id).length === before + total);
    const names = h.filesIn(ann.id).slice(-(total - 50)).map((e) => (e.message as { document?: { file_name: string } }).document?.file_name);
    expect(names[names.length - 1]).toBe(`old-${OLD_POSTS - 1}.txt`);

    const small = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, `/batch ${link(1)} ${link(3)}`);
    const one = await finalOf(await progressOf(small), /One link for 3 files/);
    expect(textOf(one)).toMatch(/\?start=b_/);
  });

  it('stores a file posted twice once', async () => {
    const post = await h.sandbox.postToChannel(h.owner.id, channel.id, { file: { kind: 'document', fileName: 'old-1-again.txt', content: Buffer.from('old post 1') } });
    const uniqueId = (post as { document: { file_unique_id: string } }).document.file_unique_id;
    await h.until('post read', () => h.connection.collection('channel_posts').findOne({ _id: `${channel.id}:${post.message_id}` } as never));
    expect(await h.connection.collection('files').countDocuments({ fileUniqueId: uniqueId })).toBe(1);
    const first = await h.connection.collection<{ _id: string; code: string }>('channel_posts').findOne({ _id: `${channel.id}:1` });
    const second = await h.connection.collection<{ _id: string; code: string }>('channel_posts').findOne({ _id: `${channel.id}:${post.message_id}` });
    expect(second?.code).toBe(first?.code);
  });

  it('puts a file posted twice in a range batch once', async () => {
    const twice = { kind: 'document' as const, fileName: 'twice.txt', content: Buffer.from('posted twice') };
    const first = await h.sandbox.postToChannel(h.owner.id, channel.id, { file: twice });
    const second = await h.sandbox.postToChannel(h.owner.id, channel.id, { file: { ...twice, fileName: 'twice-again.txt' } });
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, `/batch ${link(first.message_id)} ${link(second.message_id)}`);
    const done = await finalOf(await progressOf(after), /One link for 1 file of Library/);
    const code = CloneHarness.codeOf(done);
    expect((await h.models.Batch.findById(code).lean())?.fileCodes).toHaveLength(1);
  });

  it('refuses bad ranges with a clear message and changes nothing', async () => {
    const jobBefore = await job();
    const filesBefore = await fileCount();
    const cases: Array<[string, RegExp]> = [
      [`/index ${link(1)}`, /Usage: \/index/],
      ['/index hello world', /"hello" is not a post link/],
      [`/index https://t.me/elsewhere_files/1 ${link(5)}`, /is a post of another channel/],
      [`/index https://t.me/c/${String(other.id).slice(4)}/1 https://t.me/c/${String(other.id).slice(4)}/9`, /another channel/],
      [`/index ${link(10)} ${link(1)}`, /comes after the last one/],
      [`/index ${link(1)} ${link(100_000)}`, /100000 posts; at most 10000/],
      [`/batch ${link(1)} ${link(2_000)}`, /2000 posts; at most 1000/],
      [`/index https://example.com/library_files/1 ${link(2)}`, /is not a post link/],
      [`/batch ${link(1)}`, /Usage: \/batch/],
    ];
    for (const [command, expected] of cases) await h.say(h.owner.id, command, expected);
    expect(await job()).toEqual(jobBefore);
    expect(await fileCount()).toBe(filesBefore);
    expect(h.counters.errors).toBe(0);
  });
});
