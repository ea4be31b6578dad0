import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { TelegramSandbox, type BotInfo, type UserInfo } from '@motherbot/telegram-sandbox';
import { telegramErrorCode } from '../../telegramErrors/telegramErrorCode';
import { retryTelegramCalls } from '../retryTelegramCalls';

/**
 * The one retry layer against the sandbox's injected faults: a passing fault is waited out on
 * the bot's client and on an update's, and one update's waits stay within its budget (half the
 * handler timeout), whichever client its calls go through.
 */
describe('retryTelegramCalls', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false } });
  let botInfo: BotInfo;
  let user: UserInfo;
  let updateId = 0;

  const newBot = (handlerTimeoutMs: number, retries: number[]) => {
    const bot = new Telegraf(botInfo.token, { telegram: { apiRoot: sandbox.apiRoot }, handlerTimeout: handlerTimeoutMs });
    retryTelegramCalls(bot, { handlerTimeoutMs, onRetry: (_error, delayMs) => retries.push(delayMs) });
    bot.botInfo = { id: botInfo.id, is_bot: true, first_name: 'x', username: botInfo.username, can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false };
    return bot;
  };
  const textUpdate = (text: string): Update =>
    ({
      update_id: ++updateId,
      message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: user.id, type: 'private', first_name: 'Ann' }, from: { id: user.id, is_bot: false, first_name: 'Ann' }, text },
    }) as Update;

  beforeAll(() => sandbox.start({ port: 0 }));
  beforeEach(async () => {
    botInfo = sandbox.createBot({ username: `retry_${Math.random().toString(36).slice(2, 8)}_bot` });
    user = sandbox.createUser({ firstName: 'Ann' });
    // The user starts the bot, so it may write to them.
    await sandbox.sendText(user.id, botInfo.id, '/start');
  });
  afterEach(() => sandbox.clearFaults());
  afterAll(() => sandbox.stop());

  it('waits out 5xx answers on the bot\'s own client', async () => {
    const retries: number[] = [];
    const bot = newBot(60_000, retries);
    sandbox.injectFault({ botRef: botInfo.id, method: 'sendMessage', kind: 'http5xx', count: 2 });
    await expect(bot.telegram.sendMessage(user.id, 'hello')).resolves.toMatchObject({ text: 'hello' });
    expect(retries).toEqual([500, 1000]);
  });

  it('never retries a 4xx that trying again cannot fix', async () => {
    const retries: number[] = [];
    const bot = newBot(60_000, retries);
    const error = await bot.telegram.sendMessage(999_999_999, 'nobody').catch((e: unknown) => e);
    expect(telegramErrorCode(error)).toBe(400);
    expect(retries).toEqual([]);
  });

  it('spends one budget per update across its calls on any client, then fails the call at once', async () => {
    const retries: number[] = [];
    // Budget: half of 2 s, so one 1 s wait of a 429 and no second.
    const bot = newBot(2000, retries);
    const results: string[] = [];
    bot.on('text', async (ctx) => {
      await ctx.reply('first'); // through the update's own client, after one 1 s wait
      results.push('first sent');
      sandbox.injectFault({ botRef: botInfo.id, method: 'sendMessage', kind: '429', retryAfter: 1, count: 1 });
      await bot.telegram.sendMessage(user.id, 'second').then(
        () => results.push('second sent'),
        (error: unknown) => results.push(`second failed ${telegramErrorCode(error)}`),
      );
    });
    sandbox.injectFault({ botRef: botInfo.id, method: 'sendMessage', kind: '429', retryAfter: 1, count: 1 });
    await bot.handleUpdate(textUpdate('go'));
    expect(results).toEqual(['first sent', 'second failed 429']);
    expect(retries).toEqual([1000]);
  });
});
