import { Telegraf, type Context } from 'telegraf';
import { TelegramSandbox, type BotInfo } from '@motherbot/telegram-sandbox';
import { waitUntil } from '@test-support/waitUntil';
import { UpdatePoller, type UpdatePollerOptions } from '../updatePoller';
import { telegramErrorCode } from '../../telegramErrors/telegramErrorCode';
import { retryTelegramCalls } from '../../retry/retryTelegramCalls';
import { UpdateAbandonedError } from '../abandonedUpdates';

/** A promise the test resolves by hand: a handler that stays busy until the test says so. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

const until = <T>(what: string, check: () => T | undefined | false | null): Promise<T> => waitUntil(what, check, 10_000);

/** The poller against the sandbox over HTTP, with Telegraf bots whose handlers record what they do. */
describe('UpdatePoller', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false } });
  const pollers: UpdatePoller[] = [];
  const gates: Array<{ open: () => void }> = [];
  let botInfo: BotInfo;

  /** A Telegraf bot on `botInfo`'s token whose text handler is `onText`; handler errors reach `onError`. */
  const makeBot = (onText: (ctx: Context, text: string) => Promise<void> | void) => {
    const bot = new Telegraf(botInfo.token, { telegram: { apiRoot: sandbox.apiRoot } });
    bot.on('text', (ctx) => onText(ctx, ctx.message.text));
    bot.catch((error) => {
      throw error;
    });
    return bot;
  };
  const startPoller = async (bot: Telegraf, options: UpdatePollerOptions = {}) => {
    const poller = new UpdatePoller(bot, options);
    pollers.push(poller);
    const ended = new Promise<void>((resolve, reject) => {
      poller.run(() => resolve()).catch(reject);
    });
    await ended;
    return poller;
  };
  const pending = () => sandbox.stats().updatesPending[botInfo.id];

  beforeAll(async () => {
    await sandbox.start({ port: 0 });
  });
  beforeEach(() => {
    botInfo = sandbox.createBot({ username: `poller_${Math.random().toString(36).slice(2, 8)}_bot` });
  });
  afterEach(async () => {
    for (const g of gates.splice(0)) g.open();
    await Promise.all(pollers.splice(0).map((p) => p.stop({ deadlineMs: 2000 })));
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it('sets botInfo from getMe before the first update', async () => {
    const seen: string[] = [];
    const bot = makeBot((ctx) => void seen.push(ctx.botInfo.username));
    await startPoller(bot);
    expect(bot.botInfo?.username).toBe(botInfo.username);
    const user = sandbox.createUser({ firstName: 'Ann' });
    await sandbox.sendText(user.id, botInfo.id, `/help@${botInfo.username}`);
    await until('handled', () => seen.length === 1);
    expect(seen).toEqual([botInfo.username]);
  });

  it('handles other chats while one chat\'s update is slow, and that chat\'s next update after it', async () => {
    const slow = gate();
    gates.push(slow);
    const events: string[] = [];
    const bot = makeBot(async (ctx, text) => {
      events.push(`start ${ctx.from?.first_name} ${text}`);
      if (text === 'slow') await slow.wait;
      events.push(`end ${ctx.from?.first_name} ${text}`);
    });
    await startPoller(bot);
    const ann = sandbox.createUser({ firstName: 'Ann' });
    const bob = sandbox.createUser({ firstName: 'Bob' });
    await sandbox.sendText(ann.id, botInfo.id, 'slow');
    await until('slow started', () => events.includes('start Ann slow'));
    await sandbox.sendText(ann.id, botInfo.id, 'next');
    await sandbox.sendText(bob.id, botInfo.id, 'fast');
    await until('Bob answered', () => events.includes('end Bob fast'));
    // Bob went first although he wrote last; Ann's second message waits for her first.
    expect(events).toEqual(['start Ann slow', 'start Bob fast', 'end Bob fast']);
    slow.open();
    await until('Ann done', () => events.includes('end Ann next'));
    expect(events.slice(3)).toEqual(['end Ann slow', 'start Ann next', 'end Ann next']);
  });

  it('keeps each chat in order under a burst, within the in-flight limit, each update once', async () => {
    const handled = new Map<number, string[]>();
    let running = 0;
    let most = 0;
    const bot = makeBot(async (ctx, text) => {
      running += 1;
      most = Math.max(most, running);
      // Yield a varying number of turns so that handlers finish out of arrival order.
      for (let i = 0; i < Number(text) % 4; i += 1) await new Promise((r) => setImmediate(r));
      const chat = ctx.chat!.id;
      handled.set(chat, [...(handled.get(chat) ?? []), text]);
      running -= 1;
    });
    await startPoller(bot, { maxInFlight: 4 });
    const users = ['A', 'B', 'C', 'D', 'E'].map((firstName) => sandbox.createUser({ firstName }));
    const sent = Array.from({ length: 30 }, (_, i) => String(i));
    await Promise.all(users.map(async (u) => {
      for (const text of sent) await sandbox.sendText(u.id, botInfo.id, text);
    }));
    await until('all handled', () => users.every((u) => (handled.get(u.id)?.length ?? 0) >= sent.length));
    for (const u of users) expect(handled.get(u.id)).toEqual(sent);
    expect(most).toBeLessThanOrEqual(4);
    await until('all confirmed', () => pending() === 0);
  });

  it('hands an update still running at a crash to the next poller, and not one that finished', async () => {
    const hang = gate();
    gates.push(hang);
    const first: string[] = [];
    const crashed = await startPoller(makeBot(async (_ctx, text) => {
      first.push(text);
      if (text === 'hang') await hang.wait;
    }));
    const ann = sandbox.createUser({ firstName: 'Ann' });
    const bob = sandbox.createUser({ firstName: 'Bob' });
    await sandbox.sendText(ann.id, botInfo.id, 'done');
    await until('done confirmed', () => first.includes('done') && pending() === 0);
    await sandbox.sendText(bob.id, botInfo.id, 'hang');
    await until('hang running', () => first.includes('hang'));
    crashed.abandon();

    const second: string[] = [];
    await startPoller(makeBot((_ctx, text) => void second.push(text)));
    await sandbox.sendText(ann.id, botInfo.id, 'later');
    await until('later handled', () => second.includes('later'));
    expect(second).toEqual(['hang', 'later']);
  });

  it('stop() aborts the poll, waits for running handlers, then confirms what finished', async () => {
    const slow = gate();
    gates.push(slow);
    const events: string[] = [];
    const poller = await startPoller(makeBot(async (_ctx, text) => {
      events.push(`start ${text}`);
      await slow.wait;
      events.push(`end ${text}`);
    }));
    const ann = sandbox.createUser({ firstName: 'Ann' });
    await sandbox.sendText(ann.id, botInfo.id, 'work');
    await until('running', () => events.includes('start work'));
    const stopped = poller.stop().then(() => events.push('stopped'));
    await new Promise((r) => setTimeout(r, 300)); // give a wrong stop() the chance to resolve early
    events.push('released');
    slow.open();
    await stopped;
    expect(events).toEqual(['start work', 'released', 'end work', 'stopped']);
    expect(pending()).toBe(0);
  });

  it('stop() gives up on a handler past its deadline, leaving that update to be delivered again', async () => {
    const never = gate();
    gates.push(never);
    const poller = await startPoller(makeBot(() => never.wait));
    const ann = sandbox.createUser({ firstName: 'Ann' });
    await sandbox.sendText(ann.id, botInfo.id, 'stuck');
    await until('running', () => poller.inFlight === 1);
    await poller.stop({ deadlineMs: 200 });
    expect(pending()).toBe(1);
  });

  it('a handler left running at stop may no longer reply: the next poller answers its update, once', async () => {
    const slow = gate();
    gates.push(slow);
    const refused: unknown[] = [];
    // The retry layer first, as the bots do: its middleware carries each update's context.
    const withRetries = (onText: (ctx: Context) => Promise<void>) => {
      const bot = new Telegraf(botInfo.token, { telegram: { apiRoot: sandbox.apiRoot } });
      retryTelegramCalls(bot, { handlerTimeoutMs: 60_000 });
      bot.on('text', onText);
      return bot;
    };
    const first = withRetries(async (ctx) => {
      await slow.wait;
      await ctx.reply('late reply').catch((error: unknown) => refused.push(error));
    });
    const poller = await startPoller(first);
    const ann = sandbox.createUser({ firstName: 'Ann' });
    await sandbox.sendText(ann.id, botInfo.id, 'slow one');
    await until('running', () => poller.inFlight === 1);
    await poller.stop({ deadlineMs: 200 });
    // The handler finishes after the offset was confirmed without it: its reply is refused.
    slow.open();
    await until('the late reply refused', () => refused.length === 1);
    expect(refused[0]).toBeInstanceOf(UpdateAbandonedError);
    expect(sandbox.messageCount(botInfo.id, ann.id)).toBe(0);
    // The next process gets the update again and answers it.
    const second = withRetries((ctx) => ctx.reply('answered once').then(() => undefined));
    await startPoller(second);
    await until('answered', () => sandbox.messageCount(botInfo.id, ann.id) === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(sandbox.messageCount(botInfo.id, ann.id)).toBe(1);
  });

  it('reports a handler\'s error through onError and goes on', async () => {
    const errors: Array<{ message: string; updateId: number }> = [];
    const handled: string[] = [];
    const bot = makeBot((_ctx, text) => {
      if (text === 'boom') throw new Error('handler exploded');
      handled.push(text);
    });
    await startPoller(bot, { onError: (error, update) => errors.push({ message: (error as Error).message, updateId: update.update_id }) });
    const ann = sandbox.createUser({ firstName: 'Ann' });
    await sandbox.sendText(ann.id, botInfo.id, 'boom');
    await sandbox.sendText(ann.id, botInfo.id, 'fine');
    await until('fine handled', () => handled.includes('fine'));
    expect(errors).toEqual([{ message: 'handler exploded', updateId: expect.any(Number) }]);
  });

  it('rides out 5xx and 429 on getUpdates, waiting retry_after', async () => {
    const handled: string[] = [];
    const retries: Array<{ code: number | undefined; delayMs: number }> = [];
    await startPoller(makeBot((_ctx, text) => void handled.push(text)), {
      onRetry: (error, delayMs) => retries.push({ code: telegramErrorCode(error), delayMs }),
    });
    sandbox.injectFault({ botRef: botInfo.id, method: 'getUpdates', kind: 'http5xx', count: 1 });
    sandbox.injectFault({ botRef: botInfo.id, method: 'getUpdates', kind: '429', count: 1, retryAfter: 1 });
    const ann = sandbox.createUser({ firstName: 'Ann' });
    await sandbox.sendText(ann.id, botInfo.id, 'one'); // ends the long poll that began before the faults
    await until('both faults met', () => retries.length === 2);
    await sandbox.sendText(ann.id, botInfo.id, 'two');
    await until('handled', () => handled.includes('two'));
    expect(handled).toEqual(['one', 'two']);
    expect(retries).toEqual([{ code: 502, delayMs: 500 }, { code: 429, delayMs: 1000 }]);
  });

  it('ends with Telegram\'s 401 when the token is revoked while polling', async () => {
    const poller = new UpdatePoller(makeBot(() => undefined));
    pollers.push(poller);
    let polling!: () => void;
    const started = new Promise<void>((r) => (polling = r));
    const ended = poller.run(polling).catch((error: unknown) => error);
    await started;
    sandbox.revokeToken(botInfo.id);
    expect(telegramErrorCode(await ended)).toBe(401);
  });

  it('ends with 409 when another poller holds the token, and can run again once it is gone', async () => {
    const handled: string[] = [];
    const holder = await startPoller(makeBot(() => undefined));
    const latecomer = new UpdatePoller(makeBot((_ctx, text) => void handled.push(text)));
    pollers.push(latecomer);
    const error = await latecomer.run().catch((e: unknown) => e);
    expect(telegramErrorCode(error)).toBe(409);
    await holder.stop();
    void latecomer.run().catch(() => undefined);
    const ann = sandbox.createUser({ firstName: 'Ann' });
    await sandbox.sendText(ann.id, botInfo.id, 'hello');
    await until('handled by the latecomer', () => handled.includes('hello'));
  });

  it('does not spin while every update it is sent is still running', async () => {
    const slow = gate();
    gates.push(slow);
    const bot = makeBot(() => slow.wait);
    let polls = 0;
    const callApi = bot.telegram.callApi.bind(bot.telegram);
    bot.telegram.callApi = ((method: string, ...rest: unknown[]) => {
      if (method === 'getUpdates') polls += 1;
      return (callApi as (...args: unknown[]) => Promise<unknown>)(method, ...rest);
    }) as typeof bot.telegram.callApi;
    const poller = await startPoller(bot);
    const ann = sandbox.createUser({ firstName: 'Ann' });
    await sandbox.sendText(ann.id, botInfo.id, 'hold');
    await until('running', () => poller.inFlight === 1);
    const before = polls;
    await new Promise((r) => setTimeout(r, 1500));
    // Looking again after 50, 100, 200, 400, 800 ms: a handful of polls; a busy loop makes hundreds.
    expect(polls - before).toBeLessThan(15);
  });
});
