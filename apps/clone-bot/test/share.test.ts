import { CloneHarness, textOf } from './cloneHarness';

/** Upload → link → another user gets the file; batches; /link; /delete; malformed payloads. */
describe('clone bot: share links and batches', () => {
  const h = new CloneHarness();
  let ann: { id: number };

  beforeAll(async () => {
    await h.start();
    ann = h.user('Ann');
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  it('gives the owner a link for an upload, and another user gets that file by it', async () => {
    const reply = await h.upload(h.owner.id, 'report.pdf', { caption: 'Quarterly <report> & notes' });
    const code = CloneHarness.codeOf(reply);
    expect(code).toMatch(/^f_[A-Za-z0-9_-]{16}$/);
    expect(textOf(reply)).toContain(`https://t.me/${h.botInfo.username}?start=${code}`);
    const ownerCopy = h.sandbox.transcript(h.owner.id, h.bot).find((e) => e.direction === 'user')!.message as { document: { file_unique_id: string } };

    const got = await h.say(ann.id, `/start ${code}`, /Quarterly/);
    const doc = (got as { document?: { file_unique_id: string; file_name: string } }).document;
    expect(doc?.file_unique_id).toBe(ownerCopy.document.file_unique_id);
    expect(doc?.file_name).toBe('report.pdf');
    expect(textOf(got)).toBe('Quarterly <report> & notes');
    await h.until('delivery counted', async () => ((await h.models.User.findById(String(ann.id)).lean())?.deliveries ?? 0) === 1);
    // The same flush writes the link's counter a moment after the user's.
    await h.until('link counted', async () => (await h.models.Counter.findById(`link:${code}`).lean())?.deliveries === 1);
  });

  it('makes codes that are random, not sequential', async () => {
    const a = CloneHarness.codeOf(await h.upload(h.owner.id, 'a.txt'));
    const b = CloneHarness.codeOf(await h.upload(h.owner.id, 'b.txt'));
    expect(a).not.toBe(b);
    expect(a.slice(0, 10)).not.toBe(b.slice(0, 10));
  });

  it('stores photos, videos, audio, voice and animations too', async () => {
    for (const kind of ['photo', 'video', 'audio', 'voice', 'animation'] as const) {
      const code = CloneHarness.codeOf(await h.upload(h.owner.id, `x.${kind}`, { kind, caption: `a ${kind}` }));
      const got = await h.say(ann.id, `/start ${code}`, new RegExp(`a ${kind}`));
      expect((got as Record<string, unknown>)[kind]).toBeDefined();
    }
  });

  it('turns /batch … /done into one link that delivers every file in order', async () => {
    await h.say(h.owner.id, '/batch', /Batch started/);
    for (const name of ['one.txt', 'two.txt', 'three.txt']) await h.upload(h.owner.id, name, { expect: /Added to the batch/ });
    const done = await h.say(h.owner.id, '/done', /Batch of 3 file/);
    const code = CloneHarness.codeOf(done);
    expect(code).toMatch(/^b_/);
    const before = h.filesIn(ann.id).length;
    await h.sandbox.sendText(ann.id, h.bot, `/start ${code}`);
    await h.until('three files', () => h.filesIn(ann.id).length === before + 3);
    const names = h.filesIn(ann.id).slice(-3).map((e) => (e.message as { document?: { file_name: string } }).document?.file_name);
    expect(names).toEqual(['one.txt', 'two.txt', 'three.txt']);
  });

  it('refuses an empty batch and /done without a batch', async () => {
    await h.say(h.owner.id, '/done', /No batch is open/);
    await h.say(h.owner.id, '/batch', /Batch started/);
    await h.say(h.owner.id, '/done', /empty/);
    await h.say(h.owner.id, '/cancel', /Batch cancelled/);
  });

  it('makes a link with /link on a reply, and /delete stops a link', async () => {
    const before = h.sandbox.cursor();
    const up = await h.sandbox.sendFile(h.owner.id, h.bot, { kind: 'document', fileName: 'linked.zip', content: Buffer.from('zip') });
    await h.next(h.owner.id, /start=/, before);
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, '/link', { replyToMessageId: up.message_id });
    const linked = await h.next(h.owner.id, /linked\.zip/, after);
    const code = CloneHarness.codeOf(linked);
    await h.say(h.owner.id, '/link', /Reply with \/link/);

    await h.say(h.owner.id, `/delete https://t.me/${h.botInfo.username}?start=${code}`, /Deleted/);
    await h.say(h.owner.id, `/delete ${code}`, /no such link/);
    await h.say(ann.id, `/start ${code}`, /no longer available/);
  });

  it('answers malformed, unknown and odd payloads with a friendly line', async () => {
    await h.say(ann.id, '/start hello', /not valid/);
    await h.say(ann.id, `/start f_${'A'.repeat(16)}`, /no longer available/);
    await h.say(ann.id, `/start b_${'A'.repeat(16)}`, /no longer available/);
    await h.say(ann.id, `/start ${'x'.repeat(200)}`, /not valid/);
    await h.say(ann.id, '/start f_%%%%<b>💥', /not valid/);
    await h.say(ann.id, '/start 👾\u202e\u0000', /not valid/);
    expect(h.counters.errors).toBe(0);
  });

  it('opens a share link pasted as text', async () => {
    const code = CloneHarness.codeOf(await h.upload(h.owner.id, 'pasted.txt', { caption: 'pasted one' }));
    await h.say(ann.id, `look: https://t.me/${h.botInfo.username}?start=${code}`, /pasted one/);
  });

  it('does not let a user upload files', async () => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendFile(ann.id, h.bot, { kind: 'document', fileName: 'mine.txt', content: Buffer.from('x') });
    await h.next(ann.id, /Only the owner/, after);
    expect(await h.models.File.countDocuments({ fileName: 'mine.txt' })).toBe(0);
  });
});
