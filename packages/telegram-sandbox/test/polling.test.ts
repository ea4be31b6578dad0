import { startHarness, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.close(); });

describe('identity and routing', () => {
  test('each token has its own getMe; bad and revoked tokens get 401', async () => {
    const a = h.sb.createBot({ username: 'alpha_bot', firstName: 'Alpha' });
    const b = h.sb.createBot({ username: 'beta_bot', token: '123456:ABCdef_ghi-XYZ', canManageBots: true });
    const meA = await h.telegraf(a.token).telegram.getMe();
    const meB = (await h.telegraf(b.token).telegram.getMe()) as { id: number; username: string; can_manage_bots?: boolean };
    expect(meA).toMatchObject({ id: a.id, username: 'alpha_bot', first_name: 'Alpha', is_bot: true });
    expect(meA).not.toHaveProperty('can_manage_bots');
    expect(meB).toMatchObject({ id: 123456, username: 'beta_bot', can_manage_bots: true });
    await expect(h.telegraf('999:nope').telegram.getMe()).rejects.toMatchObject({ code: 401, description: 'Unauthorized' });
    const fresh = h.sb.revokeToken('alpha_bot');
    await expect(h.telegraf(a.token).telegram.getMe()).rejects.toMatchObject({ code: 401 });
    expect((await h.telegraf(fresh).telegram.getMe()).id).toBe(a.id);
  });

  test('unknown methods are 404 with the HTTP status equal to error_code', async () => {
    const a = h.sb.createBot({ username: 'alpha_bot' });
    const res = await h.api(a.token, 'sendTelepathy', {});
    expect(res).toEqual({ status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
    const ok = await h.api(a.token, 'GETME');
    expect(ok.status).toBe(200);
    expect(ok.body.ok).toBe(true);
  });
});

describe('getUpdates', () => {
  test('updates stay queued until a later offset confirms them', async () => {
    const a = h.sb.createBot({ username: 'alpha_bot' });
    const u = h.sb.createUser({ firstName: 'Ann' });
    for (const t of ['one', 'two', 'three']) await h.sb.sendText(u.id, a.id, t);
    const first = await h.api(a.token, 'getUpdates', { limit: 2 });
    expect(first.body.result.map((x: any) => x.message.text)).toEqual(['one', 'two']);
    const again = await h.api(a.token, 'getUpdates', {});
    expect(again.body.result.map((x: any) => x.message.text)).toEqual(['one', 'two', 'three']);
    const secondId = first.body.result[1].update_id;
    const rest = await h.api(a.token, 'getUpdates', { offset: secondId + 1 });
    expect(rest.body.result.map((x: any) => x.message.text)).toEqual(['three']);
    const none = await h.api(a.token, 'getUpdates', { offset: rest.body.result[0].update_id + 1 });
    expect(none.body.result).toEqual([]);
    expect(h.sb.stats().updatesPending[a.id]).toBe(0);
  });

  test('a long poll waits for the next update instead of answering at once', async () => {
    const a = h.sb.createBot({ username: 'alpha_bot' });
    const u = h.sb.createUser({ firstName: 'Ann' });
    const poll = h.api(a.token, 'getUpdates', { timeout: 30 });
    let settled = false;
    void poll.then(() => { settled = true; });
    await new Promise((r) => setTimeout(r, 150));
    expect(settled).toBe(false);
    await h.sb.sendText(u.id, a.id, 'wake up');
    const res = await poll;
    expect(res.body.result).toHaveLength(1);
    expect(res.body.result[0].message.text).toBe('wake up');
  });

  test('a second concurrent poller on the same token gets 409; a real Telegraf launch is refused', async () => {
    const a = h.sb.createBot({ username: 'alpha_bot' });
    const first = h.telegraf(a.token);
    await h.launch(first);
    const second = h.telegraf(a.token);
    // launch() resolves only when polling ends; here it must end at once with Telegram's 409.
    await expect(second.launch()).rejects.toMatchObject({
      code: 409,
      description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
  });

  test('overlapping polls of one token are counted per bot; a poller handing over to itself is not', async () => {
    const a = h.sb.createBot({ username: 'alpha_bot' });
    const b = h.sb.createBot({ username: 'beta_bot' });
    // One poller after another (the first ends before the second starts): no overlap.
    await h.api(a.token, 'getUpdates', { timeout: 0 });
    await h.api(a.token, 'getUpdates', { timeout: 0 });
    expect(h.sb.stats().overlappingPolls[a.id] ?? 0).toBe(0);
    // A second poller while the first long poll waits: refused with 409 and counted.
    const first = h.api(a.token, 'getUpdates', { timeout: 2 });
    await new Promise((r) => setTimeout(r, 50));
    const second = await h.api(a.token, 'getUpdates', { timeout: 0 });
    expect(second.status).toBe(409);
    const third = await h.api(a.token, 'getUpdates', { timeout: 0 });
    expect(third.status).toBe(409);
    expect((await first).status).toBe(200);
    expect(h.sb.stats().overlappingPolls).toEqual({ [a.id]: 2 });
    // Another bot's polls do not count against this one.
    await h.api(b.token, 'getUpdates', { timeout: 0 });
    expect(h.sb.stats().overlappingPolls[b.id] ?? 0).toBe(0);
  });

  test('allowed_updates filters updates created after the call', async () => {
    const a = h.sb.createBot({ username: 'alpha_bot' });
    const u = h.sb.createUser({ firstName: 'Ann' });
    await h.api(a.token, 'getUpdates', { allowed_updates: ['callback_query'] });
    await h.sb.sendText(u.id, a.id, 'ignored');
    expect((await h.api(a.token, 'getUpdates', {})).body.result).toEqual([]);
    await h.api(a.token, 'getUpdates', { allowed_updates: [] });
    await h.sb.sendText(u.id, a.id, 'seen');
    expect((await h.api(a.token, 'getUpdates', {})).body.result[0].message.text).toBe('seen');
  });

  test('a Telegraf bot answers commands and the reply is found by waitForBotMessage', async () => {
    const a = h.sb.createBot({ username: 'alpha_bot' });
    const u = h.sb.createUser({ firstName: 'Ann', username: 'ann' });
    const bot = h.telegraf(a.token);
    bot.start((ctx) => ctx.reply(`welcome ${ctx.from.first_name}, payload=${(ctx as any).payload}`));
    bot.command('two', async (ctx) => { await ctx.reply('first'); await ctx.reply('second'); });
    await h.launch(bot);
    const sent = await h.sb.sendText(u.id, a.id, '/start abc');
    expect(sent.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    expect((await h.sb.waitForBotMessage({ chatId: u.id, botRef: a.id })).text).toBe('welcome Ann, payload=abc');
    await h.sb.sendText(u.id, a.id, '/two');
    expect((await h.sb.waitForBotMessage({ chatId: u.id, botRef: a.id })).text).toBe('first');
    expect((await h.sb.waitForBotMessage({ chatId: u.id, botRef: a.id })).text).toBe('second');
    await expect(h.sb.waitForBotMessage({ chatId: u.id, botRef: a.id, timeoutMs: 200 })).rejects.toThrow(/timed out[\s\S]*second/);
    expect(h.sb.messageCount(a.id, u.id)).toBe(3);
  });
});

describe('webhooks', () => {
  test('getUpdates is refused while a webhook is set; deleteWebhook drops pending updates on request', async () => {
    const a = h.sb.createBot({ username: 'alpha_bot' });
    const u = h.sb.createUser({ firstName: 'Ann' });
    await h.api(a.token, 'setWebhook', { url: 'http://127.0.0.1:9/hook', secret_token: 's3cret' });
    const refused = await h.api(a.token, 'getUpdates', {});
    expect(refused.status).toBe(409);
    expect(refused.body.description).toMatch(/can't use getUpdates method while webhook is active/);
    await h.sb.sendText(u.id, a.id, 'queued');
    const info = await h.api(a.token, 'getWebhookInfo');
    expect(info.body.result).toMatchObject({ url: 'http://127.0.0.1:9/hook', pending_update_count: 1 });
    expect((await h.api(a.token, 'setWebhook', { url: 'http://x/', secret_token: 'bad token!' })).body.description).toBe('Bad Request: secret token contains unallowed characters');
    await h.api(a.token, 'deleteWebhook', { drop_pending_updates: true });
    expect((await h.api(a.token, 'getWebhookInfo')).body.result).toEqual({ url: '', has_custom_certificate: false, pending_update_count: 0 });
  });
});
