/**
 * The TLS proxy examples of docs/deployment.md ("Webhook mode"), docs/examples/nginx-webhook.conf
 * and docs/examples/Caddyfile-webhook: their syntax as shipped and with the optional lines on
 * (`nginx -t` inside a minimal main config in a temp prefix; `caddy validate --adapter
 * caddyfile`), then each one running on a local port in front of a stand-in ingress: the webhook
 * path, the secret header and the body reach it, its 503 reaches Telegram (so the update is sent
 * again), and nothing outside /tg/ does. A tool that is not installed skips its tests and says so
 * (CI installs both: .ci/run, scripts/ensure-proxy-tools.sh).
 */
import http from 'node:http';
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from '@test-support/waitUntil';
import {
  accepts, caddyCheck, caddyEnv, caddyLocal, freePort, missingTool, nginxArgs, nginxCheck, nginxMain, nginxSite,
  readExample, selfSignedCert, startProxy, withOptionalLines, writeFile,
} from './proxyTools';

const SECRET = 'S3cret_token-1';
const nginxMissing = missingTool('nginx') ?? missingTool('openssl');
const caddyMissing = missingTool('caddy');
for (const why of [nginxMissing, caddyMissing]) {
  if (why) console.warn(`proxyConfigs: skipped, ${why} (apt-get install -y nginx-light caddy openssl)`);
}

interface Seen { method: string; url: string; secret: string | undefined; body: string }

/** Stands in for the host's ingress: records requests, 503 for /tg/c/down/..., 200 otherwise. */
async function fakeIngress(): Promise<{ port: number; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined, body });
      res.writeHead(req.url?.startsWith('/tg/c/down/') ? 503 : 200).end();
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    port: (srv.address() as { port: number }).port,
    seen,
    close: async () => {
      srv.closeAllConnections();
      await new Promise((resolve) => srv.close(resolve));
    },
  };
}

/** POSTs like Telegram: JSON body, secret header; over TLS when `tls` (self-signed accepted). */
function post(port: number, path: string, body: string, tls: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'X-Telegram-Bot-Api-Secret-Token': SECRET };
    const options = { host: '127.0.0.1', port, path, method: 'POST', headers, rejectUnauthorized: false, agent: false as const };
    const req = (tls ? https : http).request(options, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What both proxies must do in front of the ingress. */
async function checkForwarding(port: number, tls: boolean, ingress: { seen: Seen[] }): Promise<void> {
  const update = JSON.stringify({ update_id: 7, message: { text: 'hello' } });
  expect(await post(port, '/tg/c/a1b2c3/abcdef', update, tls)).toBe(200);
  expect(ingress.seen).toEqual([{ method: 'POST', url: '/tg/c/a1b2c3/abcdef', secret: SECRET, body: update }]);
  expect(await post(port, '/tg/c/down/abcdef', update, tls)).toBe(503);
  expect(await post(port, '/health', '{}', tls)).toBe(404);
  expect(await post(port, '/metrics', '{}', tls)).toBe(404);
  // Over the 1 MiB limit: nginx answers 413; Caddy 2.6 cuts the body and answers 502. Either way
  // no bot gets it (Telegram's updates are far smaller).
  expect([413, 502]).toContain(await post(port, '/tg/m/abcdef', 'x'.repeat(2 * 1024 * 1024), tls));
  expect(ingress.seen.map((s) => s.url)).toEqual(['/tg/c/a1b2c3/abcdef', '/tg/c/down/abcdef']);
}

(nginxMissing ? describe.skip : describe)('docs/examples/nginx-webhook.conf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-nginx-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('passes nginx -t as shipped and with the optional allow/deny lines on', () => {
    const cert = selfSignedCert(dir);
    const text = readExample('nginx-webhook.conf');
    for (const [name, variant] of [['site.conf', text], ['site-optional.conf', withOptionalLines(text, 'nginx')]] as const) {
      const site = writeFile(dir, name, nginxSite(variant, cert));
      const main = writeFile(dir, `main-${name}`, nginxMain(dir, site));
      const check = nginxCheck(dir, main);
      expect({ name, ok: check.ok, output: check.ok ? '' : check.output }).toEqual({ name, ok: true, output: '' });
    }
  });

  test('forwards the webhook path, secret and body to the ingress over TLS, and its 503', async () => {
    const ingress = await fakeIngress();
    const listen = await freePort();
    const site = writeFile(dir, 'site-run.conf', nginxSite(readExample('nginx-webhook.conf'), selfSignedCert(dir), { listen, upstream: ingress.port }));
    const main = writeFile(dir, 'main-run.conf', nginxMain(dir, site));
    const proxy = startProxy('nginx', [...nginxArgs(dir, main), '-g', 'daemon off;']);
    try {
      await waitUntil(`nginx listening (${proxy.output()})`, () => accepts(listen), 10_000);
      await checkForwarding(listen, true, ingress);
    } finally {
      await proxy.stop();
      await ingress.close();
    }
  });
});

(caddyMissing ? describe.skip : describe)('docs/examples/Caddyfile-webhook', () => {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-caddy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('passes caddy validate as shipped and with the optional Telegram-networks lines on', () => {
    const text = readExample('Caddyfile-webhook');
    for (const [name, variant] of [['Caddyfile', text], ['Caddyfile-optional', withOptionalLines(text, 'caddy')]] as const) {
      const check = caddyCheck(dir, writeFile(dir, name, variant));
      expect({ name, ok: check.ok, output: check.ok ? '' : check.output }).toEqual({ name, ok: true, output: '' });
    }
  });

  test('forwards the webhook path, secret and body to the ingress, and its 503', async () => {
    const ingress = await fakeIngress();
    const listen = await freePort();
    const file = writeFile(dir, 'Caddyfile-run', caddyLocal(readExample('Caddyfile-webhook'), { listen, upstream: ingress.port }));
    const proxy = startProxy('caddy', ['run', '--adapter', 'caddyfile', '--config', file], caddyEnv(dir));
    try {
      await waitUntil(`caddy listening (${proxy.output()})`, () => accepts(listen), 10_000);
      await checkForwarding(listen, false, ingress);
    } finally {
      await proxy.stop();
      await ingress.close();
    }
  });
});
