import { startHarness, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.close(); });

test('invite links: only an administrator makes them; a join-request link queues chat_join_request to the admin bots, approval makes a member', async () => {
  const a = h.sb.createBot({ username: 'alpha_bot' });
  const b = h.sb.createBot({ username: 'beta_bot' });
  const ann = h.sb.createUser({ firstName: 'Ann' });
  const bo = h.sb.createUser({ firstName: 'Bo' });
  const ch = h.sb.createChannel({ title: 'VIP' });
  const tg = h.telegraf(a.token).telegram;
  h.sb.setChatMember(ch.id, a.id, 'member');
  await expect(tg.createChatInviteLink(ch.id, { creates_join_request: true })).rejects.toMatchObject({ code: 400, description: 'Bad Request: not enough rights to manage chat invite links' });
  h.sb.setChatMember(ch.id, a.id, 'administrator');
  h.sb.setChatMember(ch.id, b.id, 'member');
  await expect(tg.createChatInviteLink(ch.id, { creates_join_request: true, member_limit: 5 })).rejects.toMatchObject({ code: 400 });
  const link = await tg.createChatInviteLink(ch.id, { creates_join_request: true, name: 'gate' });
  expect(link).toMatchObject({ creates_join_request: true, name: 'gate', is_revoked: false, creator: { id: a.id } });
  expect(link.invite_link).toMatch(/^https:\/\/t\.me\/\+/);

  expect(h.sb.openInviteLink(ann.id, link.invite_link)).toEqual({ status: 'requested', chatId: ch.id });
  expect((await tg.getChatMember(ch.id, ann.id)).status).toBe('left');
  const updates = (await h.api(a.token, 'getUpdates')).body.result;
  expect(updates).toHaveLength(1);
  expect(updates[0].chat_join_request).toMatchObject({ chat: { id: ch.id }, from: { id: ann.id }, user_chat_id: ann.id, invite_link: { invite_link: link.invite_link, creates_join_request: true } });
  // A bot that is only a member does not hear of requests.
  expect((await h.api(b.token, 'getUpdates')).body.result).toEqual([]);

  await tg.approveChatJoinRequest(ch.id, ann.id);
  expect((await tg.getChatMember(ch.id, ann.id)).status).toBe('member');
  await expect(tg.approveChatJoinRequest(ch.id, ann.id)).rejects.toMatchObject({ description: 'Bad Request: HIDE_REQUESTER_MISSING' });

  h.sb.openInviteLink(bo.id, link.invite_link);
  await tg.declineChatJoinRequest(ch.id, bo.id);
  expect((await tg.getChatMember(ch.id, bo.id)).status).toBe('left');

  // A plain link makes a member at once; an unknown link is refused.
  const plain = await tg.createChatInviteLink(ch.id);
  expect(h.sb.openInviteLink(bo.id, plain.invite_link)).toEqual({ status: 'joined', chatId: ch.id });
  expect((await tg.getChatMember(ch.id, bo.id)).status).toBe('member');
  expect(() => h.sb.openInviteLink(bo.id, 'https://t.me/+nope')).toThrow(/no invite link/);
});

test('a user message may carry the formatting entities an app sends; ones that do not fit the text are refused', async () => {
  const a = h.sb.createBot({ username: 'alpha_bot' });
  const ann = h.sb.createUser({ firstName: 'Ann' });
  const text = '😀 bold and link';
  const entities = [{ type: 'bold', offset: 3, length: 4 }, { type: 'text_link', offset: 12, length: 4, url: 'https://example.com' }];
  const sent = await h.sb.sendText(ann.id, a.id, text, { entities });
  expect(sent.entities).toEqual(entities);
  const [update] = (await h.api(a.token, 'getUpdates')).body.result;
  expect(update.message.entities).toEqual(entities);
  await expect(h.sb.sendText(ann.id, a.id, 'short', { entities: [{ type: 'bold', offset: 2, length: 10 }] })).rejects.toThrow(/does not fit/);
});
