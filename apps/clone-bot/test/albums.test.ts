import type { FileUpload, TgMessage } from '@motherbot/telegram-sandbox';
import { CloneHarness, textOf } from './cloneHarness';

type FileMessage = TgMessage & { media_group_id?: string; photo?: Array<{ file_unique_id: string; file_id: string }>; document?: { file_name?: string; file_unique_id: string }; video?: { file_unique_id: string } };

const photo = (name: string): FileUpload => ({ kind: 'photo', fileName: name, content: Buffer.from(`photo bytes of ${name}`) });
const doc = (name: string): FileUpload => ({ kind: 'document', fileName: name, content: Buffer.from(`document bytes of ${name}`) });
const video = (name: string): FileUpload => ({ kind: 'video', fileName: name, content: Buffer.from(`video bytes of ${name}`) });
const uniqueOf = (m: FileMessage): string | undefined => m.photo?.[m.photo.length - 1]?.file_unique_id ?? m.document?.file_unique_id ?? m.video?.file_unique_id;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Albums: an album the owner uploads (separate updates sharing a media_group_id, between other
 * users' updates, in any order) becomes one link, replied once; opening a link delivers its
 * files as sendMediaGroup albums of up to 10 where the kinds allow, one by one otherwise.
 */
describe('clone bot: albums', () => {
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 1000 });
  let ann: { id: number };

  beforeAll(async () => {
    await h.start();
    ann = h.user('Ann');
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  /** The album links the owner got after `after`. */
  const albumReplies = (after: number) =>
    h.sandbox.transcript(h.owner.id, h.bot).filter((e) => e.seq > after && e.direction === 'bot' && /Album of/.test(textOf(e.message)));

  /** Opens a link as Ann; resolves with the `count` file messages it delivered. */
  async function open(code: string, count: number): Promise<FileMessage[]> {
    const before = h.filesIn(ann.id).length;
    await h.sandbox.sendText(ann.id, h.bot, `/start ${code}`);
    await h.until(`${count} files delivered`, () => h.filesIn(ann.id).length >= before + count);
    return h.filesIn(ann.id).slice(before).map((e) => e.message as FileMessage);
  }

  async function uploadBatch(files: FileUpload[]): Promise<string> {
    await h.say(h.owner.id, '/batch', /Batch started/);
    for (const file of files) {
      const after = h.sandbox.cursor();
      await h.sandbox.sendFile(h.owner.id, h.bot, file);
      await h.next(h.owner.id, /Added to the batch/, after);
    }
    return CloneHarness.codeOf(await h.say(h.owner.id, '/done', /Batch of/));
  }

  it('makes one link for an uploaded album, replied once, even with other users writing in between', async () => {
    const after = h.sandbox.cursor();
    const mediaGroupId = 'album-1';
    const files = [photo('a.jpg'), video('b.mp4'), photo('c.jpg')];
    for (const [i, file] of files.entries()) {
      await h.sandbox.sendFile(h.owner.id, h.bot, { ...file, mediaGroupId });
      if (i === 0) await h.sandbox.sendText(ann.id, h.bot, '/start');
    }
    const reply = await h.next(h.owner.id, /Album of 3 files/, after);
    const code = CloneHarness.codeOf(reply);
    expect(code).toMatch(/^b_/);
    // The album's files are stored one by one, but the owner gets no link per file.
    await pause(2_000);
    expect(albumReplies(after)).toHaveLength(1);
    expect(h.sandbox.transcript(h.owner.id, h.bot).filter((e) => e.seq > after && e.direction === 'bot')).toHaveLength(1);

    const got = await open(code, 3);
    const sent = h.sandbox.transcript(h.owner.id, h.bot).filter((e) => e.direction === 'user' && e.seq > after).map((e) => uniqueOf(e.message as FileMessage));
    expect(got.map(uniqueOf)).toEqual(sent);
    // Photos and a video: one album of three.
    expect(got[0]!.media_group_id).toBeDefined();
    expect(new Set(got.map((m) => m.media_group_id)).size).toBe(1);
  });

  it('uses the sandbox album upload, and keeps the order the owner sent when updates arrive out of order', async () => {
    const after = h.sandbox.cursor();
    const album = (await h.sandbox.sendAlbum(h.owner.id, h.bot, [photo('x1.jpg'), photo('x2.jpg'), photo('x3.jpg')])) as FileMessage[];
    expect(new Set(album.map((m) => m.media_group_id)).size).toBe(1);
    await h.next(h.owner.id, /Album of 3 files/, after);

    // The same photos again as a new album whose updates arrive last-first.
    const chat = album[0]!.chat;
    const base = album[album.length - 1]!.message_id + 100;
    const order = [2, 0, 1]; // message base+0 carries x3, base+1 x1, base+2 x2
    const messages = order.map((src, i) => ({ message_id: base + i, date: Math.floor(Date.now() / 1000), chat, from: h.owner.user, photo: album[src]!.photo, media_group_id: 'late-album' }));
    const injectedAfter = h.sandbox.cursor();
    for (const message of [...messages].reverse()) h.sandbox.injectUpdate(h.bot, { message });
    const reply = await h.next(h.owner.id, /Album of 3 files/, injectedAfter);
    const got = await open(CloneHarness.codeOf(reply), 3);
    expect(got.map(uniqueOf)).toEqual(order.map((src) => uniqueOf(album[src]!)));
  });

  it('delivers a batch of 12 photos as an album of 10 and an album of 2', async () => {
    const code = await uploadBatch(Array.from({ length: 12 }, (_, i) => photo(`p${i}.jpg`)));
    const got = await open(code, 12);
    const groups = got.map((m) => m.media_group_id);
    expect(groups.every((g) => g !== undefined)).toBe(true);
    expect(new Set(groups.slice(0, 10)).size).toBe(1);
    expect(new Set(groups.slice(10)).size).toBe(1);
    expect(groups[0]).not.toBe(groups[10]);
  });

  it('tells the user when an album fails for another reason than a refusal, and sends none of it twice', async () => {
    const code = await uploadBatch(Array.from({ length: 12 }, (_, i) => photo(`late${i}.jpg`)));
    // Telegram asks to wait longer than an update may: the first album is not sent, and not retried.
    h.sandbox.injectFault({ botRef: h.bot, method: 'sendMediaGroup', kind: '429', count: 1, retryAfter: 100 });
    const before = h.filesIn(ann.id).length;
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(ann.id, h.bot, `/start ${code}`);
    await h.next(ann.id, /10 of the 12 files could not be sent right now/, after);
    expect(h.filesIn(ann.id).slice(before)).toHaveLength(2);
  });

  it('sends documents only with documents: a document and photo mix goes one by one where the kinds differ', async () => {
    const code = await uploadBatch([doc('one.pdf'), photo('mix.jpg'), doc('two.pdf'), doc('three.pdf')]);
    const got = await open(code, 4);
    expect(got[0]!.document?.file_name).toBe('one.pdf');
    expect(got[0]!.media_group_id).toBeUndefined();
    expect(got[1]!.photo).toBeDefined();
    expect(got[1]!.media_group_id).toBeUndefined();
    expect(got.slice(2).map((m) => m.document?.file_name)).toEqual(['two.pdf', 'three.pdf']);
    expect(got[2]!.media_group_id).toBeDefined();
    expect(got[2]!.media_group_id).toBe(got[3]!.media_group_id);
  });

  it('protects and auto-deletes every message of an album', async () => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendAlbum(h.owner.id, h.bot, [photo('secret1.jpg'), photo('secret2.jpg')]);
    const code = CloneHarness.codeOf(await h.next(h.owner.id, /Album of 2 files/, after));
    await h.clone!.runtime.settings.update({ protectContent: true, autoDeleteSeconds: 1 });
    try {
      const before = h.filesIn(ann.id).length;
      const got = await open(code, 2);
      expect(got.every((m) => m.has_protected_content === true)).toBe(true);
      await h.until('album deleted', () => h.filesIn(ann.id).slice(before).every((e) => e.deleted));
    } finally {
      await h.clone!.runtime.settings.update({ protectContent: false, autoDeleteSeconds: 0 });
    }
  });

  it('sends an album Telegram refuses one file at a time, and no file twice', async () => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendAlbum(h.owner.id, h.bot, [photo('good.jpg'), photo('broken.jpg')]);
    const code = CloneHarness.codeOf(await h.next(h.owner.id, /Album of 2 files/, after));
    const batch = await h.models.Batch.findById(code).lean();
    // The second file's file_id is no longer valid (and it has no storage copy): Telegram refuses the album.
    await h.models.File.updateOne({ _id: batch!.fileCodes[1] }, { $set: { fileId: 'no-longer-valid' } });
    await h.restart(); // drops the library's cached copy
    const before = h.filesIn(ann.id).length;
    await h.sandbox.sendText(ann.id, h.bot, `/start ${code}`);
    await h.until('the good file delivered', () => h.filesIn(ann.id).length > before);
    await pause(1_000);
    const got = h.filesIn(ann.id).slice(before).map((e) => e.message as FileMessage);
    expect(got).toHaveLength(1);
    expect(got[0]!.media_group_id).toBeUndefined();
  });

  it('tells a user who may not upload once per album, not once per file', async () => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendAlbum(ann.id, h.bot, [photo('u1.jpg'), photo('u2.jpg'), photo('u3.jpg')]);
    await h.next(ann.id, /Only the owner/, after);
    await h.say(ann.id, '/help', /./);
    const refusals = h.sandbox.transcript(ann.id, h.bot).filter((e) => e.seq > after && /Only the owner/.test(textOf(e.message)));
    expect(refusals).toHaveLength(1);
  });

  it('refuses, in the sandbox, an album mixing kinds Telegram cannot group', async () => {
    await expect(h.sandbox.sendAlbum(h.owner.id, h.bot, [doc('d.pdf'), photo('p.jpg')])).rejects.toThrow(/document can't be mixed/);
    const { Telegram } = await import('telegraf');
    const api = new Telegram(h.botInfo.token, { apiRoot: h.sandbox.apiRoot });
    const sent = (await h.sandbox.sendAlbum(h.owner.id, h.bot, [photo('q1.jpg'), photo('q2.jpg')])) as FileMessage[];
    const fileId = sent[0]!.photo![0]!.file_id;
    await expect(api.sendMediaGroup(ann.id, [{ type: 'photo', media: fileId }])).rejects.toThrow(/2-10 items/);
    await expect(api.sendMediaGroup(ann.id, [{ type: 'photo', media: fileId }, { type: 'document', media: fileId }] as never)).rejects.toThrow(/document can't be mixed/);
  });

  it('answers an album still collecting when the worker stops, before the database closes', async () => {
    const after = h.sandbox.cursor();
    const names = ['stop1.pdf', 'stop2.pdf', 'stop3.pdf'];
    await h.sandbox.sendAlbum(h.owner.id, h.bot, names.map(doc));
    await h.until('the files stored', async () => (await h.connection.collection('files').countDocuments({ fileName: { $in: names } })) === 3);
    // Stopped within the album's quiet time: the link must go out as part of the stop, not after it.
    await h.stopBot();
    try {
      expect(albumReplies(after).filter((e) => /Album of 3 files/.test(textOf(e.message)))).toHaveLength(1);
    } finally {
      await h.launch();
    }
  });
});
