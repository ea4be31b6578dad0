import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Counter, Registry } from 'prom-client';
import {
  cloneWebhookKey,
  createLogger,
  deriveCloneKey,
  motherWebhookKey,
  webhookCredentials,
  webhookPath,
  workerSocketPath,
  WEBHOOK_SECRET_HEADER,
} from '@motherbot/core';
import { WebhookIngress, type WebhookRequestHandler } from '../webhookIngress';

const MASTER = 'a-master-key-for-the-ingress-test-0123456789';
const CLONE = 'abcdef012345';
const OTHER_CLONE = '0123456789ab';
const mother = webhookCredentials(motherWebhookKey(MASTER));
const clone = webhookCredentials(cloneWebhookKey(deriveCloneKey(MASTER, CLONE)));
const other = webhookCredentials(cloneWebhookKey(deriveCloneKey(MASTER, OTHER_CLONE)));

/** A fake clone worker: an HTTP server on the clone's unix socket, answering as `answer` says. */
function fakeWorker(socketPath: string, answer: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
  const seen: Array<{ url: string; secret: string | undefined; body: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ url: req.url ?? '', secret: req.headers[WEBHOOK_SECRET_HEADER] as string | undefined, body });
      answer(req, body, res);
    });
  });
  return {
    seen,
    listen: () => new Promise<void>((resolve) => server.listen(socketPath, resolve)),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('WebhookIngress (real sockets)', () => {
  let dataDir: string;
  let ingress: WebhookIngress;
  let base: string;
  let registry: Registry;
  let counter: Counter<'outcome'>;
  const workers: Array<{ close(): Promise<void> }> = [];

  const post = async (path: string, secret: string | undefined, body: string | Buffer = '{"update_id":1}', method = 'POST') => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (secret !== undefined) headers[WEBHOOK_SECRET_HEADER] = secret;
    const res = await fetch(`${base}${path}`, { method, headers, ...(method === 'POST' ? { body } : {}) });
    return { status: res.status, text: await res.text() };
  };
  const outcomes = async (): Promise<Record<string, number>> =>
    Object.fromEntries((await counter.get()).values.filter((v) => v.value > 0).map((v) => [String(v.labels.outcome), v.value]));

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ingress-'));
    mkdirSync(join(dataDir, 'run'), { recursive: true });
    registry = new Registry();
    counter = new Counter({ name: 'webhook_requests_total', help: 'test', labelNames: ['outcome'], registers: [registry] });
    ingress = new WebhookIngress({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      masterKey: MASTER,
      logger: createLogger({ label: 'test', level: 'error', console: false }),
      requests: counter,
      workerTimeoutMs: 500,
      maxBodyBytes: 1024,
    });
    base = `http://127.0.0.1:${await ingress.start()}`;
  });

  afterEach(async () => {
    await ingress.stop({ deadlineMs: 100 });
    for (const w of workers.splice(0)) await w.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses any other path with 404, a wrong path MAC with 404 and a wrong secret with 401', async () => {
    expect((await post('/', mother.secretToken)).status).toBe(404);
    expect((await post('/tg/m/short', mother.secretToken)).status).toBe(404);
    expect((await post(webhookPath({ kind: 'mother' }, other), mother.secretToken)).status).toBe(404);
    expect((await post(webhookPath({ kind: 'clone', cloneId: CLONE }, other), clone.secretToken)).status).toBe(404);
    expect((await post(webhookPath({ kind: 'mother' }, mother), 'wrong')).status).toBe(401);
    expect((await post(webhookPath({ kind: 'clone', cloneId: CLONE }, clone), undefined)).status).toBe(401);
    expect((await post(webhookPath({ kind: 'clone', cloneId: CLONE }, clone), clone.secretToken, '', 'GET')).status).toBe(405);
    expect(await outcomes()).toEqual({ not_found: 4, unauthorized: 2, method_not_allowed: 1 });
  });

  it("hands the mother's requests to its handler, and answers 503 while it has none", async () => {
    const path = webhookPath({ kind: 'mother' }, mother);
    expect((await post(path, mother.secretToken)).status).toBe(503);
    const handled: string[] = [];
    const handler: WebhookRequestHandler = {
      handle: (req, res, pathMac) => {
        handled.push(pathMac);
        req.resume();
        req.on('end', () => res.writeHead(200).end());
      },
    };
    ingress.setMotherHandler(handler);
    expect((await post(path, mother.secretToken)).status).toBe(200);
    expect(handled).toEqual([mother.pathMac]);
    expect(await outcomes()).toEqual({ unavailable: 1, delivered: 1 });
  });

  it("proxies a clone's request to its worker's socket with the secret and body, and pipes the answer back", async () => {
    const worker = fakeWorker(workerSocketPath(dataDir, CLONE), (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"method":"sendMessage","chat_id":1,"text":"hi"}');
    });
    workers.push(worker);
    await worker.listen();
    const path = webhookPath({ kind: 'clone', cloneId: CLONE }, clone);
    const first = await post(path, clone.secretToken, '{"update_id":7}');
    const second = await post(path, clone.secretToken, '{"update_id":8}');
    expect(first).toEqual({ status: 200, text: '{"method":"sendMessage","chat_id":1,"text":"hi"}' });
    expect(second.status).toBe(200);
    expect(worker.seen).toEqual([
      { url: path, secret: clone.secretToken, body: '{"update_id":7}' },
      { url: path, secret: clone.secretToken, body: '{"update_id":8}' },
    ]);
    expect(await outcomes()).toEqual({ delivered: 2 });
  });

  it('answers 503 when the worker is absent or says it is stopping, 504 when it does not answer in time', async () => {
    const path = webhookPath({ kind: 'clone', cloneId: CLONE }, clone);
    expect((await post(path, clone.secretToken)).status).toBe(503);
    const stopping = fakeWorker(workerSocketPath(dataDir, CLONE), (_req, _body, res) => res.writeHead(503).end());
    workers.push(stopping);
    await stopping.listen();
    expect((await post(path, clone.secretToken)).status).toBe(503);
    const silent = fakeWorker(workerSocketPath(dataDir, OTHER_CLONE), () => undefined);
    workers.push(silent);
    await silent.listen();
    expect((await post(webhookPath({ kind: 'clone', cloneId: OTHER_CLONE }, other), other.secretToken)).status).toBe(504);
    expect(await outcomes()).toEqual({ unavailable: 2, timeout: 1 });
  });

  it('refuses a body over the limit with 413 before the worker sees it, and bytes that are not HTTP with 400', async () => {
    const worker = fakeWorker(workerSocketPath(dataDir, CLONE), (_req, _body, res) => res.writeHead(200).end());
    workers.push(worker);
    await worker.listen();
    expect((await post(webhookPath({ kind: 'clone', cloneId: CLONE }, clone), clone.secretToken, Buffer.alloc(4096, 'x'))).status).toBe(413);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(new URL(base).port ? Number(new URL(base).port) : 80, '127.0.0.1', () => socket.write('\x16\x03\x01 not http at all\r\n\r\n'));
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(worker.seen).toEqual([]);
    expect(await outcomes()).toEqual({ too_large: 1, bad_request: 1 });
  });
});
