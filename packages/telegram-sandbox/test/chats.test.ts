import { startHarness, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.close(); });

test('channels: posting needs admin rights; getChatMember needs admin; unknown chats are not found', async () => {
  const a = h.sb.createBot({ username: 'alpha_bot' });
  const ann = h.sb.createUser({ firstName: 'Ann' });
  const ch = h.sb.createChannel({ title: 'News', username: 'news_channel' });
  const tg = h.telegraf(a.token).telegram;
  await expect(tg.sendMessage(ch.id, 'hi')).rejects.toMatchObject({ code: 403, description: 'Forbidden: bot is not a member of the channel chat' });
  await expect(tg.getChatMember(ch.id, ann.id)).rejects.toMatchObject({ code: 400, description: 'Bad Request: member list is inaccessible' });
  h.sb.setChatMember(ch.id, a.id, 'member');
  await expect(tg.sendMessage(ch.id, 'hi')).rejects.toMatchObject({ code: 400 });
  await expect(tg.getChatMember(ch.id, ann.id)).rejects.toMatchObject({ description: 'Bad Request: member list is inaccessible' });
  h.sb.setChatMember(ch.id, a.id, 'administrator');
  expect(await tg.getChatMember(ch.id, ann.id)).toMatchObject({ status: 'left', user: { id: ann.id } });
  h.sb.setChatMember(ch.id, ann.id, 'member');
  expect((await tg.getChatMember('@news_channel', ann.id)).status).toBe('member');
  h.sb.setChatMember(ch.id, ann.id, 'kicked');
  expect((await tg.getChatMember(ch.id, ann.id)).status).toBe('kicked');
  expect((await tg.getChatMember(ch.id, a.id)).status).toBe('administrator');
  const post = await tg.sendMessage(ch.id, 'post');
  expect(post).toMatchObject({ chat: { id: ch.id, type: 'channel' }, sender_chat: { id: ch.id } });
  expect(post.from).toBeUndefined();
  expect(await tg.getChat(ch.id)).toMatchObject({ id: ch.id, type: 'channel', title: 'News' });
  await expect(tg.getChat(-100999)).rejects.toMatchObject({ description: 'Bad Request: chat not found' });
  await expect(tg.getChatMember(-100999, ann.id)).rejects.toMatchObject({ description: 'Bad Request: chat not found' });
});

test('groups: members are readable; private chats exist only after the user wrote', async () => {
  const a = h.sb.createBot({ username: 'alpha_bot' });
  const ann = h.sb.createUser({ firstName: 'Ann', username: 'ann' });
  const g = h.sb.createGroup({ title: 'Team' });
  const tg = h.telegraf(a.token).telegram;
  await expect(tg.sendMessage(g.id, 'hi')).rejects.toMatchObject({ code: 403, description: 'Forbidden: bot is not a member of the group chat' });
  h.sb.setChatMember(g.id, a.id, 'member');
  h.sb.setChatMember(g.id, ann.id, 'creator');
  expect((await tg.getChatMember(g.id, ann.id)).status).toBe('creator');
  expect((await tg.sendMessage(g.id, 'hi group')).chat.type).toBe('group');
  await expect(tg.getChat(ann.id)).rejects.toMatchObject({ description: 'Bad Request: chat not found' });
  await h.sb.sendText(ann.id, a.id, 'hello');
  expect(await tg.getChat(ann.id)).toMatchObject({ id: ann.id, type: 'private', username: 'ann' });
  h.sb.setChatMember(g.id, a.id, 'kicked');
  await expect(tg.sendMessage(g.id, 'hi')).rejects.toMatchObject({ code: 403, description: 'Forbidden: bot was kicked from the group chat' });
});
