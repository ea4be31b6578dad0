import { Telegram } from 'telegraf';
import { TelegramSandbox, type BotInfo, type UserInfo } from '@motherbot/telegram-sandbox';
import { broadcastSender } from '../broadcastSender';

/** The sender hands the engine Telegram's answer classified: the engine never sees a Telegraf error. */
describe('broadcastSender', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false } });
  let botInfo: BotInfo;
  let user: UserInfo;
  const broadcast = { id: 'b1', message: { kind: 'text' as const, text: 'news' } };

  beforeAll(async () => {
    await sandbox.start({ port: 0 });
    botInfo = sandbox.createBot({ username: 'sender_bot' });
    user = sandbox.createUser({ firstName: 'Ann' });
    await sandbox.sendText(user.id, botInfo.id, '/start');
  });
  afterEach(() => sandbox.clearFaults());
  afterAll(() => sandbox.stop());

  const send = () => broadcastSender(new Telegram(botInfo.token, { apiRoot: sandbox.apiRoot }));

  it('sends and says ok', async () => {
    await expect(send()(user.id, broadcast)).resolves.toEqual({ ok: true });
  });

  it('returns Telegram\'s refusals classified instead of throwing them', async () => {
    const stranger = sandbox.createUser({ firstName: 'Bob' });
    await expect(send()(stranger.id, broadcast)).resolves.toMatchObject({ ok: false, kind: 'blocked' });
    await expect(send()(999_999_999, broadcast)).resolves.toMatchObject({ ok: false, kind: 'failed' });
    sandbox.injectFault({ botRef: botInfo.id, method: 'sendMessage', kind: '429', retryAfter: 7, count: 1 });
    await expect(send()(user.id, broadcast)).resolves.toEqual({ ok: false, kind: 'retry_after', seconds: 7 });
  });
});
