import { startHarness, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.close(); });

test("a channel's owner posts; bots administering it get channel_post with their own file ids, others nothing", async () => {
  const admin = h.sb.createBot({ username: 'admin_bot' });
  const member = h.sb.createBot({ username: 'member_bot' });
  const owner = h.sb.createUser({ firstName: 'Olga' });
  const stranger = h.sb.createUser({ firstName: 'Sam' });
  const ch = h.sb.createChannel({ title: 'Library', username: 'library_chan' });
  h.sb.setChatMember(ch.id, owner.id, 'creator');
  h.sb.setChatMember(ch.id, admin.id, 'administrator');
  h.sb.setChatMember(ch.id, member.id, 'member');
  await expect(h.sb.postToChannel(stranger.id, ch.id, { text: 'hi' })).rejects.toThrow(/not its creator or an administrator/);

  const text = await h.sb.postToChannel(owner.id, ch.id, { text: 'news' });
  const file = await h.sb.postToChannel(owner.id, ch.id, { file: { kind: 'document', fileName: 'a.pdf', content: Buffer.from('pdf'), caption: 'A file' } });
  expect(text).toMatchObject({ message_id: 1, chat: { id: ch.id, type: 'channel' }, sender_chat: { id: ch.id }, text: 'news' });
  expect(text.from).toBeUndefined();
  const tg = h.telegraf(admin.token).telegram;
  const updates = await tg.getUpdates(0, 100, 0, undefined as never);
  const posts = updates.map((u) => (u as { channel_post?: { message_id: number; document?: { file_id: string; file_unique_id: string }; caption?: string } }).channel_post);
  expect(posts.map((p) => p?.message_id)).toEqual([1, 2]);
  const doc = posts[1]!.document!;
  expect(doc.file_unique_id).toBe((file as { document: { file_unique_id: string } }).document.file_unique_id);
  expect(posts[1]!.caption).toBe('A file');
  // The file id is the admin bot's own: it can send it.
  await h.sb.sendText(owner.id, admin.id, '/start');
  await expect(tg.sendDocument(owner.id, doc.file_id)).resolves.toMatchObject({ document: { file_unique_id: doc.file_unique_id } });
  expect(await h.telegraf(member.token).telegram.getUpdates(0, 100, 0, undefined as never)).toEqual([]);

  // Reading a post back: forwarded into a chat with its origin, and the copy deleted.
  const copy = await tg.forwardMessage(owner.id, ch.id, 2);
  expect(copy).toMatchObject({ forward_origin: { type: 'channel', chat: { id: ch.id }, message_id: 2 } });
  await expect(tg.forwardMessage(owner.id, ch.id, 99)).rejects.toMatchObject({ description: 'Bad Request: message to forward not found' });
});

test('post links both ways', () => {
  const pub = h.sb.createChannel({ title: 'Public', username: 'public_chan' });
  const priv = h.sb.createChannel({ title: 'Private' });
  expect(h.sb.postLink(pub.id, 5)).toBe('https://t.me/public_chan/5');
  const internal = String(pub.id).replace(/^-100/, '');
  expect(h.sb.postLink(pub.id, 5, { private: true })).toBe(`https://t.me/c/${internal}/5`);
  expect(h.sb.postLink(priv.id, 7)).toMatch(/^https:\/\/t\.me\/c\/\d+\/7$/);
  for (const [link, chatId, messageId] of [[h.sb.postLink(pub.id, 5), pub.id, 5], [h.sb.postLink(pub.id, 5, { private: true }), pub.id, 5], [h.sb.postLink(priv.id, 7), priv.id, 7]] as const) {
    expect(h.sb.resolvePostLink(link)).toEqual({ chatId, messageId });
  }
  expect(h.sb.resolvePostLink('https://t.me/nobody_here/1')).toBeUndefined();
  expect(h.sb.resolvePostLink('hello')).toBeUndefined();
});
