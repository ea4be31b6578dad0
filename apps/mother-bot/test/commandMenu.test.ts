import { Telegram } from 'telegraf';
import { TelegramSandbox } from '@motherbot/telegram-sandbox';
import { waitUntil } from '@test-support/waitUntil';
import { createLogger } from '@motherbot/core';
import { adminCommands, userCommands, publishCommandMenu } from '../src/bot/commandMenu';
import { PlatformHarness } from './harness';

/** getMyCommands over HTTP, as any Bot API client would ask. */
async function menuOf(sandbox: TelegramSandbox, token: string, scope: Record<string, unknown>, languageCode?: string): Promise<unknown> {
  const body = JSON.stringify({ scope, ...(languageCode ? { language_code: languageCode } : {}) });
  const res = await fetch(`${sandbox.apiRoot}/bot${token}/getMyCommands`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const answer = (await res.json()) as { ok: boolean; result: unknown };
  expect(answer.ok).toBe(true);
  return answer.result;
}

const USER_COMMANDS = userCommands();
const adminMenu = adminCommands();
/** Outcomes in publishing order: per language (English, es, hi), the default scope then each admin chat. */
const perLanguage = <T>(...outcomes: T[]): T[] => [...outcomes, ...outcomes, ...outcomes];

describe('the mother command menu', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false } });
  const logger = createLogger({ label: 'menu:test', level: 'error' });
  let bot: { id: number; token: string };
  let telegram: Telegram;
  const writes = () => sandbox.stats().requests.byBot[bot.id]?.setMyCommands ?? 0;

  beforeAll(async () => {
    await sandbox.start({ port: 0 });
    bot = sandbox.createBot({ username: 'menu_mother_bot' });
    telegram = new Telegram(bot.token, { apiRoot: sandbox.apiRoot });
  });
  afterAll(() => sandbox.stop());
  afterEach(() => sandbox.clearFaults());

  it('sets the user list for everyone and the admin list in each admin chat, then writes nothing while it is unchanged', async () => {
    const first = await publishCommandMenu(telegram, [101, 102, 101], logger);
    expect(first.map((r) => r.outcome)).toEqual(perLanguage('set', 'set', 'set'));
    expect(await menuOf(sandbox, bot.token, { type: 'default' })).toEqual(USER_COMMANDS);
    expect(await menuOf(sandbox, bot.token, { type: 'chat', chat_id: 101 })).toEqual(adminMenu);
    expect(await menuOf(sandbox, bot.token, { type: 'chat', chat_id: 102 })).toEqual(adminMenu);
    expect(await menuOf(sandbox, bot.token, { type: 'chat', chat_id: 103 })).toEqual([]); // not an admin: the default list applies
    expect(adminMenu.map((c) => c.command)).toEqual(expect.arrayContaining(['admin', 'backup', 'health', 'readiness']));
    expect(USER_COMMANDS.map((c) => c.command)).not.toContain('admin');

    const writesBefore = writes();
    const second = await publishCommandMenu(telegram, [101, 102], logger);
    expect(second.map((r) => r.outcome)).toEqual(perLanguage('unchanged', 'unchanged', 'unchanged'));
    expect(writes()).toBe(writesBefore);

    // Someone changed one scope (BotFather, another deploy): only that one is written again.
    await telegram.setMyCommands([{ command: 'old', description: 'Old menu' }], { scope: { type: 'chat', chat_id: 102 } });
    const third = await publishCommandMenu(telegram, [101, 102], logger);
    expect(third.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'set', ...Array<string>(6).fill('unchanged')]);
    expect(await menuOf(sandbox, bot.token, { type: 'chat', chat_id: 102 })).toEqual(adminMenu);
  });

  it('never throws: a scope Telegram refuses or never answers is reported failed, the others are set', async () => {
    await telegram.deleteMyCommands({ scope: { type: 'default' } });
    await telegram.deleteMyCommands({ scope: { type: 'chat', chat_id: 101 } });
    sandbox.injectFault({ botRef: bot.id, method: 'setMyCommands', kind: 'http5xx', count: 1 });
    const refused = await publishCommandMenu(telegram, [101], logger);
    expect(refused.map((r) => r.outcome).sort()).toEqual(['failed', 'set', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(refused.find((r) => r.outcome === 'failed')?.error).toMatch(/502/);

    sandbox.injectFault({ botRef: bot.id, method: 'getMyCommands', kind: 'timeout' });
    const hung = await publishCommandMenu(telegram, [101], logger, 300);
    expect(hung.map((r) => r.outcome)).toEqual(perLanguage('failed', 'failed'));
    await waitUntil('the hung calls given up by the client, not left hanging', () => sandbox.heldCalls().length === 0, 5000);
  });

  it('is published when the mother starts, for everyone and for the admin of ADMIN_IDS', async () => {
    const platform = new PlatformHarness();
    try {
      await platform.start();
      const { token } = platform.motherBot;
      await platform.until('user menu', async () => JSON.stringify(await menuOf(platform.sandbox, token, { type: 'default' })) === JSON.stringify(USER_COMMANDS));
      expect(await menuOf(platform.sandbox, token, { type: 'chat', chat_id: platform.admin.id })).toEqual(adminMenu);
    } finally {
      await platform.close();
    }
  }, 60_000);
});
