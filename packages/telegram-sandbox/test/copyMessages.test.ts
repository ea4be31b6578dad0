import { startHarness, type Harness } from './helpers';

let h: Harness;
afterEach(async () => { await h.close(); });

// Flood limits off: this is about what the methods post, not about how fast a chat may receive.
test('copyMessages and forwardMessages repost several messages in id order, 1 to 100 at once', async () => {
  h = await startHarness({ flood: { enabled: false } });
  const bot = h.sb.createBot({ username: 'copy_bot' });
  const ann = h.sb.createUser({ firstName: 'Ann' });
  const ids: number[] = [];
  for (const text of ['one', 'two', 'three']) ids.push((await h.sb.sendText(ann.id, bot.id, text)).message_id);
  const tg = h.telegraf(bot.token).telegram;
  const call = (method: 'copyMessages' | 'forwardMessages', messageIds: unknown) =>
    tg.callApi(method as never, { chat_id: ann.id, from_chat_id: ann.id, message_ids: messageIds } as never) as unknown as Promise<Array<{ message_id: number }>>;
  const posted = (got: Array<{ message_id: number }>) => got.map((c) => h.sb.transcript(ann.id, bot.id).find((e) => e.messageId === c.message_id)!);

  const copies = posted(await call('copyMessages', [ids[2], ids[0], ids[1]]));
  expect(copies.map((e) => [e.direction, e.summary])).toEqual([['bot', 'one'], ['bot', 'two'], ['bot', 'three']]);
  expect(copies.every((e) => e.message.forward_origin === undefined)).toBe(true);
  const forwards = posted(await call('forwardMessages', ids));
  expect(forwards.map((e) => e.summary)).toEqual(['one', 'two', 'three']);
  expect(forwards.every((e) => (e.message.forward_origin as { type?: string } | undefined)?.type === 'user')).toBe(true);
  for (const bad of [[], Array.from({ length: 101 }, (_, i) => i + 1)]) {
    await expect(call('copyMessages', bad)).rejects.toMatchObject({ description: 'Bad Request: message identifiers are not specified' });
  }
});
