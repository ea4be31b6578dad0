import { startHarness, type Harness } from './helpers';

let h: Harness;
afterEach(async () => { await h.close(); });

test('per-chat flood limit gives 429 with retry_after once the burst is spent', async () => {
  h = await startHarness({ flood: { perChatPerSecond: 1, perChatBurst: 3 } });
  const a = h.sb.createBot({ username: 'alpha_bot' });
  const ann = h.sb.createUser({ firstName: 'Ann' });
  await h.sb.sendText(ann.id, a.id, '/start');
  const tg = h.telegraf(a.token).telegram;
  for (let i = 0; i < 3; i++) await tg.sendMessage(ann.id, `m${i}`);
  const err = await tg.sendMessage(ann.id, 'one too many').catch((e: unknown) => e);
  expect(err).toMatchObject({ code: 429, description: expect.stringMatching(/^Too Many Requests: retry after \d+$/), parameters: { retry_after: expect.any(Number) } });
  expect((err as { parameters: { retry_after: number } }).parameters.retry_after).toBeGreaterThanOrEqual(1);
  // Refused sends are not counted: exactly three messages reached the chat.
  expect(h.sb.messageCount(a.id, ann.id)).toBe(3);
});

test('per-bot and per-group limits; flood control can be switched off', async () => {
  h = await startHarness({ flood: { perBotPerSecond: 5, perChatBurst: 100, perChatPerSecond: 100, perGroupPerMinute: 2 } });
  const a = h.sb.createBot({ username: 'alpha_bot' });
  const tg = h.telegraf(a.token).telegram;
  const users = Array.from({ length: 6 }, (_, i) => h.sb.createUser({ firstName: `U${i}` }));
  for (const u of users) await h.sb.sendText(u.id, a.id, '/start');
  const results = await Promise.allSettled(users.map((u) => tg.sendMessage(u.id, 'broadcast')));
  expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  const g = h.sb.createGroup({ title: 'G' });
  h.sb.setChatMember(g.id, a.id, 'member');
  h.sb.configureFlood({ perBotPerSecond: 1000 });
  await tg.sendMessage(g.id, '1');
  await tg.sendMessage(g.id, '2');
  await expect(tg.sendMessage(g.id, '3')).rejects.toMatchObject({ code: 429 });
  h.sb.configureFlood({ enabled: false });
  for (let i = 0; i < 10; i++) await tg.sendMessage(g.id, `free ${i}`);
  expect(h.sb.messageCount(a.id, g.id)).toBe(12);
});
