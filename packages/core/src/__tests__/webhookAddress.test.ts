import { deriveCloneKey } from '../crypto/tokenCrypto';
import { loadConfig } from '../config/loadConfig';
import {
  checkWebhookRequest,
  cloneWebhookKey,
  motherWebhookKey,
  parseWebhookPath,
  webhookCredentials,
  webhookPath,
  webhookUrl,
  workerSocketPath,
  WebhookAddressError,
} from '../webhooks/webhookAddress';

const MASTER = 'webhook-test-master-key-0123456789abcdef';
const CLONE = '0123456789ab';

describe('webhook addresses', () => {
  const cloneCreds = webhookCredentials(cloneWebhookKey(deriveCloneKey(MASTER, CLONE)));
  const motherCreds = webhookCredentials(motherWebhookKey(MASTER));

  it('derives the same path and secret on the mother and in the worker, different per bot and per master key', () => {
    // The worker holds only its clone key; the mother derives the same from the master key.
    expect(webhookCredentials(cloneWebhookKey(deriveCloneKey(MASTER, CLONE)))).toEqual(cloneCreds);
    const other = webhookCredentials(cloneWebhookKey(deriveCloneKey(MASTER, 'ba9876543210')));
    expect(other.pathMac).not.toBe(cloneCreds.pathMac);
    expect(other.secretToken).not.toBe(cloneCreds.secretToken);
    expect(webhookCredentials(motherWebhookKey(`${MASTER}x`))).not.toEqual(motherCreds);
    expect(cloneCreds.pathMac).not.toBe(cloneCreds.secretToken.slice(0, 32));
    // Telegram's secret_token alphabet and length.
    expect(cloneCreds.secretToken).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect(() => motherWebhookKey('')).toThrow(WebhookAddressError);
  });

  it('builds and parses both path shapes, and nothing else', () => {
    const clonePath = webhookPath({ kind: 'clone', cloneId: CLONE }, cloneCreds);
    const motherPath = webhookPath({ kind: 'mother' }, motherCreds);
    expect(parseWebhookPath(clonePath)).toEqual({ target: { kind: 'clone', cloneId: CLONE }, pathMac: cloneCreds.pathMac });
    expect(parseWebhookPath(`${motherPath}?x=1`)).toEqual({ target: { kind: 'mother' }, pathMac: motherCreds.pathMac });
    expect(webhookUrl('https://bots.example.com/', clonePath)).toBe(`https://bots.example.com${clonePath}`);
    for (const bad of ['/', '/tg/', '/tg/m/', `/tg/m/${motherCreds.pathMac}/x`, `/tg/c/${CLONE}`, `/tg/c/XYZ/${cloneCreds.pathMac}`, `/tg/c/${CLONE}/short`, `tg/m/${motherCreds.pathMac}`, `/tg/m/${motherCreds.pathMac.slice(1)}!`, '/tg/c/../../etc/passwd']) {
      expect(parseWebhookPath(bad)).toBeUndefined();
    }
    expect(() => webhookPath({ kind: 'clone', cloneId: '../x' }, cloneCreds)).toThrow(WebhookAddressError);
  });

  it('checks the path MAC before the secret: a wrong MAC is not found, a wrong secret unauthorized', () => {
    expect(checkWebhookRequest(cloneCreds, cloneCreds.pathMac, cloneCreds.secretToken)).toBe('ok');
    expect(checkWebhookRequest(cloneCreds, motherCreds.pathMac, cloneCreds.secretToken)).toBe('not-found');
    expect(checkWebhookRequest(cloneCreds, cloneCreds.pathMac, undefined)).toBe('unauthorized');
    expect(checkWebhookRequest(cloneCreds, cloneCreds.pathMac, `${cloneCreds.secretToken}x`)).toBe('unauthorized');
    expect(checkWebhookRequest(cloneCreds, cloneCreds.pathMac, motherCreds.secretToken)).toBe('unauthorized');
  });

  it('puts a worker socket under the data folder and refuses a folder too long for a socket path', () => {
    expect(workerSocketPath('/srv/motherbot/data', CLONE)).toBe(`/srv/motherbot/data/run/${CLONE}.sock`);
    expect(() => workerSocketPath(`/${'d'.repeat(100)}`, CLONE)).toThrow(/DATA_DIR is too long/);
    expect(() => workerSocketPath('/srv', '../../x')).toThrow(WebhookAddressError);
  });

  it('reads the webhook settings, and wants https in production', () => {
    const base = { NODE_ENV: 'development', DATA_DIR: '/tmp/x' };
    expect(loadConfig({ envFile: null, env: base })).toMatchObject({ webhookBaseUrl: '', webhookPort: 8088, webhookHost: '127.0.0.1', webhookMaxConnections: 40 });
    expect(loadConfig({ envFile: null, env: { ...base, WEBHOOK_BASE_URL: 'http://127.0.0.1:8088', WEBHOOK_PORT: '9000', WEBHOOK_MAX_CONNECTIONS: '10' } })).toMatchObject({ webhookBaseUrl: 'http://127.0.0.1:8088', webhookPort: 9000, webhookMaxConnections: 10 });
    expect(() => loadConfig({ envFile: null, env: { ...base, WEBHOOK_BASE_URL: 'ftp://x' } })).toThrow(/WEBHOOK_BASE_URL/);
    expect(() => loadConfig({ envFile: null, env: { ...base, WEBHOOK_MAX_CONNECTIONS: '500' } })).toThrow(/WEBHOOK_MAX_CONNECTIONS/);
    const production = { NODE_ENV: 'production', BOT_TOKEN: `123:${'a'.repeat(35)}`, MASTER_KEY: MASTER, TELEGRAM_API_ROOT: 'https://api.telegram.org', DATA_DIR: '/tmp/x' };
    expect(() => loadConfig({ envFile: null, env: { ...production, WEBHOOK_BASE_URL: 'http://bots.example.com' } })).toThrow(/WEBHOOK_BASE_URL must be an https/);
    expect(loadConfig({ envFile: null, env: { ...production, WEBHOOK_BASE_URL: 'https://bots.example.com' } }).webhookBaseUrl).toBe('https://bots.example.com');
  });
});
