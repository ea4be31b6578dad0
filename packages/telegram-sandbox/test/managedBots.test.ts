import { startHarness, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.close(); });

test('managed bots: update + service message to the manager, token read and rotation', async () => {
  const mother = h.sb.createBot({ username: 'mother_bot', canManageBots: true });
  const ann = h.sb.createUser({ firstName: 'Ann' });
  const t = h.telegraf(mother.token);
  const seen: Array<{ user: number; bot: string; token: string }> = [];
  t.on('managed_bot' as any, async (ctx: any) => {
    const upd = ctx.update.managed_bot;
    const token = (await ctx.telegram.callApi('getManagedBotToken', { user_id: upd.bot.id })) as string;
    seen.push({ user: upd.user.id, bot: upd.bot.username, token });
  });
  t.on('message', async (ctx: any) => {
    if (ctx.message.managed_bot_created) await ctx.reply(`created @${ctx.message.managed_bot_created.bot.username}`);
  });
  await h.launch(t);
  await h.sb.sendText(ann.id, mother.id, '/start');
  const created = await h.sb.createManagedBot(ann.id, mother.id, { username: 'ann_files_bot', name: 'Ann Files' });
  expect((await h.sb.waitForBotMessage({ chatId: ann.id, botRef: mother.id })).text).toBe('created @ann_files_bot');
  expect(seen).toEqual([{ user: ann.id, bot: 'ann_files_bot', token: created.bot.token }]);

  const managed = h.telegraf(created.bot.token).telegram;
  expect((await managed.getMe()).username).toBe('ann_files_bot');
  const fresh = (await t.telegram.callApi('replaceManagedBotToken' as any, { user_id: created.bot.id } as any)) as unknown as string;
  expect(fresh).not.toBe(created.bot.token);
  await expect(managed.getMe()).rejects.toMatchObject({ code: 401 });
  expect((await h.telegraf(fresh).telegram.getMe()).id).toBe(created.bot.id);
  // The owner's user id works too.
  expect(await t.telegram.callApi('getManagedBotToken' as any, { user_id: ann.id } as any)).toBe(fresh);

  const plain = h.sb.createBot({ username: 'plain_bot' });
  await expect(h.telegraf(plain.token).telegram.callApi('getManagedBotToken' as any, { user_id: created.bot.id } as any)).rejects.toMatchObject({ code: 400 });
  await expect(h.sb.createManagedBot(ann.id, plain.id, { username: 'x_bot' })).rejects.toThrow(/cannot manage bots/);
});

test('a request_managed_bot keyboard button creates the bot', async () => {
  const mother = h.sb.createBot({ username: 'mother_bot', canManageBots: true });
  const ann = h.sb.createUser({ firstName: 'Ann' });
  await h.sb.sendText(ann.id, mother.id, '/start');
  await h.telegraf(mother.token).telegram.sendMessage(ann.id, 'tap', {
    reply_markup: { keyboard: [[{ text: 'Create my bot', request_managed_bot: { request_id: 7, suggested_username: 'ann_clone_bot' } } as any]], one_time_keyboard: true },
  });
  const msg = await h.sb.pressKeyboardButton(ann.id, mother.id, 'Create my bot');
  expect(msg.managed_bot_created?.bot.username).toBe('ann_clone_bot');
  const updates = (await h.api(mother.token, 'getUpdates')).body.result;
  expect(updates.map((u: any) => Object.keys(u).find((k) => k !== 'update_id'))).toEqual(['message', 'managed_bot', 'message']);
  expect(h.sb.bot('ann_clone_bot')).toMatchObject({ ownerUserId: ann.id, managerBotId: mother.id });
});
