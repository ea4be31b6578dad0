import { Telegraf } from 'telegraf';
import { TelegramSandbox } from '@motherbot/telegram-sandbox';
import { waitUntil } from '@test-support/waitUntil';
import { PollingLauncher } from '../pollingLauncher';

/**
 * Stopping the mother's polling in any phase of its start: a stop that comes while deleteWebhook
 * is in flight gives up waiting after its time, and the loop ends the moment polling would begin.
 */
describe('PollingLauncher', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false } });
  beforeAll(() => sandbox.start({ port: 0 }));
  afterAll(() => sandbox.stop());
  afterEach(() => sandbox.clearFaults());

  const newBot = (username: string): Telegraf => {
    const info = sandbox.createBot({ username });
    return new Telegraf(info.token, { telegram: { apiRoot: sandbox.apiRoot } });
  };

  it('resolves `polling` at the first getUpdates and stops the loop', async () => {
    const launcher = new PollingLauncher(newBot('poll_plain_bot'));
    const { polling, ended } = launcher.start();
    await polling;
    await launcher.stop();
    await expect(ended).resolves.toBeUndefined();
  });

  it('stopped while deleteWebhook is held, it ends the loop the moment polling would begin', async () => {
    const bot = newBot('poll_held_bot');
    sandbox.injectFault({ botRef: 'poll_held_bot', method: 'deleteWebhook', kind: 'hold' });
    const launcher = new PollingLauncher(bot);
    const { ended } = launcher.start();
    let endedYet = false;
    void ended.finally(() => (endedYet = true)).catch(() => undefined);
    await waitUntil('deleteWebhook held', () => sandbox.heldCalls().some((c) => c.method === 'deleteWebhook'), 5000);

    // The loop does not exist yet: the stop gives up waiting for it after its time.
    await launcher.stop(300);
    expect(endedYet).toBe(false);

    sandbox.releaseHeld({ method: 'deleteWebhook' });
    await waitUntil('the launch to end', () => endedYet, 10_000);
    await expect(ended).resolves.toBeUndefined();
  });

  it('a launch that fails before polling (401) rejects `polling` with Telegram\'s error', async () => {
    const bot = new Telegraf('123:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', { telegram: { apiRoot: sandbox.apiRoot } });
    bot.botInfo = { id: 123, is_bot: true, first_name: 'x', username: 'x_bot', can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false };
    const { polling, ended } = new PollingLauncher(bot).start();
    ended.catch(() => undefined);
    await expect(polling).rejects.toMatchObject({ code: 401 });
  });
});
