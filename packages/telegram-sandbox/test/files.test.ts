import { startHarness, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => { h = await startHarness({ flood: { enabled: false } }); });
afterEach(async () => { await h.close(); });

// A 1x1 PNG, so photo sizes are real.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

test('uploads, file_id per bot, shared file_unique_id, getFile and download', async () => {
  const a = h.sb.createBot({ username: 'alpha_bot' });
  const b = h.sb.createBot({ username: 'beta_bot' });
  const ann = h.sb.createUser({ firstName: 'Ann' });
  await h.sb.sendText(ann.id, a.id, '/start');
  await h.sb.sendText(ann.id, b.id, '/start');
  const ta = h.telegraf(a.token).telegram;
  const tb = h.telegraf(b.token).telegram;

  const doc = await ta.sendDocument(ann.id, { source: Buffer.from('hello file'), filename: 'hello.txt' }, { caption: '<i>cap</i>', parse_mode: 'HTML', protect_content: true });
  expect(doc.document).toMatchObject({ file_name: 'hello.txt', file_size: 10 });
  expect(doc).toMatchObject({ caption: 'cap', caption_entities: [{ type: 'italic', offset: 0, length: 3 }], has_protected_content: true });

  const again = await ta.sendDocument(ann.id, doc.document.file_id);
  expect(again.document.file_id).toBe(doc.document.file_id);
  await expect(tb.sendDocument(ann.id, doc.document.file_id)).rejects.toMatchObject({ code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' });

  // The same bytes reaching bot B get B's own file_id but the same file_unique_id.
  const fromUser = await h.sb.sendFile(ann.id, b.id, { kind: 'document', fileName: 'hello.txt', content: Buffer.from('hello file') });
  expect(fromUser.document!.file_unique_id).toBe(doc.document.file_unique_id);
  expect(fromUser.document!.file_id).not.toBe(doc.document.file_id);
  expect((await tb.sendDocument(ann.id, fromUser.document!.file_id)).document.file_unique_id).toBe(doc.document.file_unique_id);

  const file = await ta.getFile(doc.document.file_id);
  expect(file.file_path).toMatch(/^documents\/file_\d+\.txt$/);
  const link = await ta.getFileLink(doc.document.file_id);
  expect(link.href.startsWith(h.sb.apiRoot)).toBe(true);
  expect(await (await fetch(link)).text()).toBe('hello file');
  await expect(tb.getFile(doc.document.file_id)).rejects.toMatchObject({ code: 400 });

  const photo = await ta.sendPhoto(ann.id, { source: PNG, filename: 'dot.png' });
  expect(photo.photo[0]).toMatchObject({ width: 1, height: 1 });
  for (const [kind, call] of [['video', ta.sendVideo], ['audio', ta.sendAudio], ['voice', ta.sendVoice], ['animation', ta.sendAnimation]] as const) {
    const m = (await (call as any).call(ta, ann.id, { source: Buffer.from(kind + ' bytes'), filename: `${kind}.bin` })) as Record<string, any>;
    expect(m[kind].file_unique_id).toBeDefined();
  }
  expect(h.sb.transcript(ann.id, a.id).filter((e) => e.direction === 'bot').map((e) => e.summary)).toEqual([
    '[document] cap', '[document]', '[photo]', '[video]', '[audio]', '[voice]', '[animation]',
  ]);
});

test('a user-sent photo reaches a real Telegraf handler with a usable file_id', async () => {
  const a = h.sb.createBot({ username: 'alpha_bot' });
  const ann = h.sb.createUser({ firstName: 'Ann' });
  const bot = h.telegraf(a.token);
  bot.on('photo', async (ctx) => {
    const best = ctx.message.photo[ctx.message.photo.length - 1]!;
    await ctx.replyWithPhoto(best.file_id, { caption: `got ${ctx.message.caption}` });
  });
  await h.launch(bot);
  await h.sb.sendFile(ann.id, a.id, { kind: 'photo', content: PNG, caption: 'look' });
  const reply = await h.sb.waitForBotMessage({ chatId: ann.id, botRef: a.id });
  expect(reply).toMatchObject({ caption: 'got look', photo: [{ width: 1, height: 1 }] });
});
