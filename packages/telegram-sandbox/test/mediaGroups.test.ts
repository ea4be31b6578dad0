import { startHarness, type Harness } from './helpers';

let h: Harness;
let bot: { id: number; token: string };
let ann: { id: number };
beforeEach(async () => {
  h = await startHarness();
  bot = h.sb.createBot({ username: 'album_bot' });
  ann = h.sb.createUser({ firstName: 'Ann' });
  await h.sb.sendText(ann.id, bot.id, '/start');
});
afterEach(async () => { await h.close(); });

/** A file_id of each kind, as this bot received them from Ann. */
async function fileIds(): Promise<Record<'photo' | 'video' | 'document' | 'audio' | 'voice', string>> {
  const ids: Record<string, string> = {};
  for (const kind of ['photo', 'video', 'document', 'audio', 'voice'] as const) {
    const m = (await h.sb.sendFile(ann.id, bot.id, { kind, fileName: `${kind}.bin`, content: Buffer.from(`bytes of a ${kind}`) })) as Record<string, any>;
    ids[kind] = kind === 'photo' ? m.photo[0].file_id : m[kind].file_id;
  }
  return ids as Record<'photo' | 'video' | 'document' | 'audio' | 'voice', string>;
}

test('sendMediaGroup posts 2-10 items in order with one media_group_id, protected when asked', async () => {
  const t = h.telegraf(bot.token).telegram;
  const id = await fileIds();
  const sent = await t.sendMediaGroup(ann.id, [
    { type: 'photo', media: id.photo, caption: '<b>first</b>', parse_mode: 'HTML' },
    { type: 'video', media: id.video },
    { type: 'photo', media: id.photo },
  ], { protect_content: true });
  expect(sent).toHaveLength(3);
  expect(new Set(sent.map((m) => m.media_group_id)).size).toBe(1);
  expect(sent[0]!.media_group_id).toMatch(/^\d+$/);
  expect(sent.map((m) => m.message_id)).toEqual([sent[0]!.message_id, sent[0]!.message_id + 1, sent[0]!.message_id + 2]);
  expect(sent[0]).toMatchObject({ caption: 'first', caption_entities: [{ type: 'bold', offset: 0, length: 5 }], has_protected_content: true });
  const docs = await t.sendMediaGroup(ann.id, [{ type: 'document', media: id.document }, { type: 'document', media: id.document }]);
  expect(docs.every((m) => 'document' in m)).toBe(true);
});

test('sendMediaGroup refuses what Telegram refuses, and then posts nothing', async () => {
  const t = h.telegraf(bot.token).telegram;
  const id = await fileIds();
  const before = h.sb.messageCount(bot.id, ann.id);
  const refused = (media: unknown[], extra: Record<string, unknown> = {}) => t.callApi('sendMediaGroup', { chat_id: ann.id, media, ...extra } as never);
  await expect(refused([{ type: 'photo', media: id.photo }])).rejects.toThrow(/2-10 items/);
  await expect(refused(Array.from({ length: 11 }, () => ({ type: 'photo', media: id.photo })))).rejects.toThrow(/2-10 items/);
  await expect(refused([{ type: 'photo', media: id.photo }, { type: 'document', media: id.document }])).rejects.toThrow(/document can't be mixed/);
  await expect(refused([{ type: 'audio', media: id.audio }, { type: 'video', media: id.video }])).rejects.toThrow(/audio can't be mixed/);
  await expect(refused([{ type: 'voice', media: id.voice }, { type: 'voice', media: id.voice }])).rejects.toThrow(/unsupported media type/);
  await expect(refused([{ type: 'photo', media: id.photo }, { type: 'photo', media: 'not-a-file-id' }])).rejects.toThrow(/wrong file identifier/);
  await expect(refused([{ type: 'photo', media: id.photo }, { type: 'photo', media: id.photo, caption: 'x'.repeat(1025) }])).rejects.toThrow(/caption is too long/);
  await expect(refused([{ type: 'photo', media: id.photo }, { type: 'photo', media: id.photo }], { reply_markup: { inline_keyboard: [[{ text: 'a', url: 'https://t.me/x' }]] } })).rejects.toThrow(/reply markup/);
  expect(h.sb.messageCount(bot.id, ann.id)).toBe(before);
});

test('a user uploads an album: one update per file, all with the same media_group_id', async () => {
  const t = h.telegraf(bot.token);
  const seen: Array<string | undefined> = [];
  t.on('message', (ctx) => void seen.push((ctx.message as { media_group_id?: string }).media_group_id));
  await h.launch(t);
  const album = await h.sb.sendAlbum(ann.id, bot.id, [
    { kind: 'photo', content: Buffer.from('p1') },
    { kind: 'video', content: Buffer.from('v1') },
  ]);
  expect(album[0]!.media_group_id).toBeDefined();
  expect(album[1]!.media_group_id).toBe(album[0]!.media_group_id);
  await expect(h.sb.sendAlbum(ann.id, bot.id, [{ kind: 'document', content: Buffer.from('d') }, { kind: 'photo', content: Buffer.from('p') }])).rejects.toThrow(/can't be mixed/);
  await expect(h.sb.sendAlbum(ann.id, bot.id, [{ kind: 'photo', content: Buffer.from('only') }])).rejects.toThrow(/2 to 10/);
  const deadline = Date.now() + 5_000;
  while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  // The /start of beforeEach, then the album's two updates.
  expect(seen.slice(-2)).toEqual([album[0]!.media_group_id, album[0]!.media_group_id]);
});
