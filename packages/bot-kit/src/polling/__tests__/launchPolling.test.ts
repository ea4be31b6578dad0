import { Telegraf } from 'telegraf';
import { TelegramSandbox, type BotInfo } from '@motherbot/telegram-sandbox';
import { waitUntil } from '@test-support/waitUntil';
import { launchPolling, pollingEndReason, type PollingLaunch } from '../launchPolling';

/** The shared launch against the sandbox: what a 409 does inside and past the conflict grace, and a stop in its wait. */
describe('launchPolling', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false } });
  const launches: PollingLaunch[] = [];
  let botInfo: BotInfo;

  const newBot = (onText: (text: string) => void = () => undefined): Telegraf => {
    const bot = new Telegraf(botInfo.token, { telegram: { apiRoot: sandbox.apiRoot } });
    bot.on('text', (ctx) => onText(ctx.message.text));
    return bot;
  };
  const launch = (bot: Telegraf, options: Parameters<typeof launchPolling>[1] = {}): PollingLaunch => {
    const launched = launchPolling(bot, options);
    launched.ended.catch(() => undefined);
    launched.polling.catch(() => undefined);
    launches.push(launched);
    return launched;
  };

  beforeAll(() => sandbox.start({ port: 0 }));
  beforeEach(() => {
    botInfo = sandbox.createBot({ username: `launch_${Math.random().toString(36).slice(2, 8)}_bot` });
  });
  afterEach(async () => {
    await Promise.all(launches.splice(0).map((l) => l.stop({ deadlineMs: 2000 })));
  });
  afterAll(() => sandbox.stop());

  it('without a grace, a 409 ends polling with the conflict', async () => {
    const holder = launch(newBot());
    await holder.polling;
    const latecomer = launch(newBot());
    // The first getUpdates went out (and got the 409): `polling` resolved, `ended` tells why it stopped.
    await latecomer.polling;
    expect(pollingEndReason(await latecomer.ended.catch((error: unknown) => error))).toBe('conflict');
  });

  it('a 401 before the first poll rejects `ended` first, then `polling`', async () => {
    sandbox.revokeToken(botInfo.id);
    const launched = launch(newBot());
    const order: string[] = [];
    const ended = launched.ended.catch((error: unknown) => {
      order.push('ended');
      return error;
    });
    const polling = launched.polling.catch(() => void order.push('polling'));
    expect(pollingEndReason(await ended)).toBe('token_invalid');
    await polling;
    expect(order).toEqual(['ended', 'polling']);
  });

  it('inside the grace, a 409 is waited out until the other poller is gone', async () => {
    const holder = launch(newBot());
    await holder.polling;
    const handled: string[] = [];
    const conflicts: unknown[] = [];
    const latecomer = launch(newBot((text) => handled.push(text)), {
      conflictGraceMs: 20_000,
      conflictRetryMs: 100,
      onConflictRetry: (error) => conflicts.push(error),
    });
    await waitUntil('a conflict seen', () => conflicts.length > 0, 10_000);
    await holder.stop();
    await latecomer.polling;
    const ann = sandbox.createUser({ firstName: 'Ann' });
    await sandbox.sendText(ann.id, botInfo.id, 'hello');
    await waitUntil('handled by the latecomer', () => handled.includes('hello'), 10_000);
    expect(pollingEndReason(conflicts[0])).toBe('conflict');
  });

  it('stopped while it waits out a conflict, it ends cleanly', async () => {
    const holder = launch(newBot());
    await holder.polling;
    const conflicts: unknown[] = [];
    const latecomer = launch(newBot(), { conflictGraceMs: 20_000, conflictRetryMs: 60_000, onConflictRetry: (error) => conflicts.push(error) });
    await waitUntil('a conflict seen', () => conflicts.length > 0, 10_000);
    await latecomer.stop();
    await expect(latecomer.ended).resolves.toBeUndefined();
    await expect(latecomer.polling).resolves.toBeUndefined();
  });
});
