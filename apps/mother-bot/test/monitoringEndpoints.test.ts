import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import winston from 'winston';
import { loadConfig, createLogger, closeLogger } from '@motherbot/core';
import { PlatformHarness } from './harness';
import { StatusServer, StatusTokenRequiredError } from '../src/http/statusServer';

/**
 * The mother's HTTP endpoints on a real platform (sandbox, PM2, FerretDB): /healthz, /readyz
 * (and its 503 when the bot stops polling), /metrics, /status.json, the admins' /health and
 * /errors, and the token rule beyond loopback.
 */
describe('monitoring endpoints', () => {
  const h = new PlatformHarness();
  let base: string;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, { headers });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };

  beforeAll(async () => {
    // The build machine's load must not raise system alerts here (monitoringWatchers tests those).
    await h.start({ HTTP_PORT: '0', WATCH_INTERVAL_MS: '500', ALERT_CPU_LOAD_PERCENT: '100000', ALERT_MEMORY_PERCENT: '100', ALERT_DISK_FREE_PERCENT: '0' });
    base = h.mother!.statusUrl!;
  }, 60_000);
  afterAll(async () => {
    await h.close();
  }, 60_000);

  it('/healthz says the process lives', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ status: 'ok', pid: process.pid });
  });

  it('/readyz is 200 when the database, polling, PM2 and the reconcile loop are fine', async () => {
    await h.mother!.manager.reconcileNow();
    const res = await get('/readyz');
    const body = JSON.parse(res.text) as { ready: boolean; failing: unknown[]; checks: Array<{ name: string; status: string }> };
    expect(res.status).toBe(200);
    expect(body.ready).toBe(true);
    expect(body.failing).toEqual([]);
    expect(body.checks.map((c) => c.name).sort()).toEqual(['botPolling', 'database', 'pm2', 'reconcile']);
  });

  it('/metrics speaks Prometheus, with process, platform, reconcile and database series', async () => {
    await h.mother!.monitoring.loop.runOnce();
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/plain');
    for (const name of [
      'process_resident_memory_bytes ',
      'nodejs_eventloop_lag_p99_seconds ',
      'motherbot_clones{status="running"}',
      'motherbot_subscriptions{state="trial"}',
      'motherbot_reconcile_duration_seconds_count',
      'motherbot_database_ping_seconds_count',
      'motherbot_health_check_status{check="pm2",state="ok"} 1',
      'motherbot_health_check_status{check="pm2",state="fail"} 0',
      'motherbot_disk_free_bytes{dir="data"}',
      'motherbot_alerts_sent_total{severity="critical",notice="firing"}',
      'motherbot_error_kinds',
    ]) {
      expect(res.text).toContain(name);
    }
  });

  it('/status.json and the status page answer on loopback without a token; unknown paths are 404', async () => {
    const json = await get('/status.json');
    expect(json.status).toBe(200);
    expect(JSON.parse(json.text)).toMatchObject({ ready: true, clones: [], alerts: [] });
    const page = await get('/status');
    expect(page.type).toContain('text/html');
    expect(page.text).toContain('Mother Bot status');
    expect((await get('/nope')).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('answers /health and /errors to admins in Telegram, and nobody else', async () => {
    const ask = async (userId: number, text: string) => {
      const after = h.sandbox.cursor();
      await h.sandbox.sendText(userId, h.motherBot.id, text);
      const isAlert = (m: { text?: string }) => /^(🔴|🟠|🔵|✅) /.test(String(m.text));
      return h.sandbox.waitForBotMessage({ chatId: userId, botRef: h.motherBot.id, after, timeoutMs: 10_000, predicate: (m) => !isAlert(m) });
    };
    const health = await ask(h.admin.id, '/health');
    expect(health.text).toMatch(/Health: (ok|warn)/);
    expect(health.text).toMatch(/Database \(ok\): ping [\d.]+ ms/);
    expect(health.text).toContain('Disk (logs)');
    h.logger.error('a test failure to be listed', { error: Object.assign(new Error('kaboom'), { code: 'E_LISTED' }), updateType: 'message' });
    await h.until('error recorded', async () => (await h.mother!.monitoring.errors.recent(10)).some((r) => r.kind === 'E_LISTED'));
    const errors = await ask(h.admin.id, '/errors');
    expect(errors.text).toContain('E_LISTED');
    expect(errors.text).toContain('kaboom');
    const stranger = h.sandbox.createUser({ firstName: 'Sam' });
    const refused = await ask(stranger.id, '/health');
    expect(refused.text).toContain('I do not know that command');
  });

  it('tells the admins of a new kind of error once', async () => {
    await h.mother!.monitoring.loop.runOnce();
    const notices = () => h.sandbox.transcript(h.admin.id, h.motherBot.id).filter((e) => e.direction === 'bot' && /New kind of error.*E_LISTED/.test(e.summary));
    await h.until('new-kind alert', () => notices().length === 1);
    await h.mother!.monitoring.loop.runOnce();
    expect(notices()).toHaveLength(1);
  });

  it('gives an admin whose /language is Spanish the alerts and /health in Spanish', async () => {
    const ask = async (text: string, expect: RegExp) => {
      const after = h.sandbox.cursor();
      await h.sandbox.sendText(h.admin.id, h.motherBot.id, text);
      return h.sandbox.waitForBotMessage({ chatId: h.admin.id, botRef: h.motherBot.id, after, timeoutMs: 10_000, predicate: (m) => expect.test(String(m.text)) });
    };
    const choose = async (data: string, expect: RegExp) => {
      const menu = await ask('/language', /language|idioma/);
      const after = h.sandbox.cursor();
      await h.sandbox.pressButton(h.admin.id, h.motherBot.id, menu.message_id, data);
      await h.until(`screen ${expect}`, () =>
        h.sandbox.transcript(h.admin.id, h.motherBot.id).find((e) => e.direction === 'bot' && (e.seq > after || e.messageId === menu.message_id) && expect.test(String(e.message.text ?? ''))),
      );
    };
    await choose('lang:es', /Elige el idioma/);
    try {
      const health = await ask('/health', /Estado/);
      expect(health.text).toMatch(/^🟢|^🟡/u);
      expect(health.text).toMatch(/Estado: (bien|aviso)/);
      expect(health.text).toMatch(/Base de datos \(bien\): ping [\d.]+ ms/);
      expect(health.text).toContain('Disco (logs)');
      expect(health.text).toContain('Bucle de conciliación');
      h.logger.error('a failure the Spanish admin hears of', { error: Object.assign(new Error('<boom>'), { code: 'E_SPANISH' }) });
      await h.until('error recorded', async () => (await h.mother!.monitoring.errors.recent(10)).some((r) => r.kind === 'E_SPANISH'));
      await h.mother!.monitoring.loop.runOnce();
      const alert = await h.until('Spanish alert', () =>
        h.sandbox.transcript(h.admin.id, h.motherBot.id).find((e) => e.direction === 'bot' && /E_SPANISH/.test(String(e.message.text ?? ''))),
      );
      expect(String(alert.message.text)).toMatch(/^🟠 AVISO · error\.new:\S+\nNuevo tipo de error en mother: E_SPANISH en .+: <boom>$/);
    } finally {
      await choose('lang:auto', /Choose the language/);
    }
  });

  it('/readyz turns 503 with the failing check when the bot stops polling', async () => {
    h.sandbox.revokeToken(h.motherBot.id);
    await h.until('not ready', async () => (await get('/readyz')).status === 503);
    const body = JSON.parse((await get('/readyz')).text) as { ready: boolean; failing: Array<{ name: string }> };
    expect(body.ready).toBe(false);
    expect(body.failing.map((c) => c.name)).toEqual(['botPolling']);
  });
});

const until = async (done: () => boolean): Promise<void> => {
  while (!done()) await sleep(10);
};

describe('status server beyond loopback', () => {
  const config = loadConfig({ envFile: null, env: { NODE_ENV: 'test' } });
  const logger = createLogger({ label: 'status-test' });
  const source = {
    readiness: async () => ({ ready: true, checks: [] }),
    metricsText: async () => ({ contentType: 'text/plain', body: 'x 1\n' }),
    status: async () => {
      throw new Error('not needed');
    },
  };
  afterAll(() => closeLogger(logger));

  it('refuses to listen beyond loopback without STATUS_TOKEN', () => {
    expect(() => new StatusServer({ host: '0.0.0.0', port: 0, token: '', source, logger })).toThrow(StatusTokenRequiredError);
    expect(config.httpHost).toBe('127.0.0.1');
  });

  it('asks for the bearer token on /metrics and the status page, not on the probes; ?token= is refused', async () => {
    const server = new StatusServer({ host: '0.0.0.0', port: 0, token: 's3cret-status-token', source, logger });
    await server.start();
    try {
      const url = `http://127.0.0.1:${server.port}`;
      const bearer = { authorization: 'Bearer s3cret-status-token' };
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      expect((await fetch(`${url}/metrics`, { headers: bearer })).status).toBe(200);
      const inUrl = await fetch(`${url}/metrics?token=s3cret-status-token`);
      expect(inUrl.status).toBe(401);
      expect(await inUrl.text()).toContain('Authorization: Bearer');
      // Even next to a good header: a scraper configured with both is caught at once.
      expect((await fetch(`${url}/metrics?token=s3cret-status-token`, { headers: bearer })).status).toBe(401);
      expect((await fetch(`${url}/status.json`)).status).toBe(401);
      expect((await fetch(`${url}/status.json?token=s3cret-status-token`)).status).toBe(401);
      // Machines use the bearer header only; Basic is for the pages a browser opens.
      const basic = { authorization: `Basic ${Buffer.from('admin:s3cret-status-token').toString('base64')}` };
      expect((await fetch(`${url}/metrics`, { headers: basic })).status).toBe(401);
      const page = await fetch(`${url}/status`);
      expect(page.status).toBe(401);
      expect(page.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect((await fetch(`${url}/status?token=s3cret-status-token`)).status).toBe(401);
    } finally {
      await server.stop();
    }
  });

  it('never writes the token to the log, wherever a request carries it', async () => {
    const lines: string[] = [];
    const capture = createLogger({ label: 'status-log-test' });
    const sink = new Writable({ objectMode: true, write: (line: unknown, _enc, done) => (lines.push(JSON.stringify(line)), done()) });
    capture.add(new winston.transports.Stream({ stream: sink, format: winston.format.json() }));
    const failing = { ...source, metricsText: async () => Promise.reject(new Error('scrape failed')) };
    const open = new StatusServer({ host: '0.0.0.0', port: 0, token: 'tok-9f3a2c71e5', source: failing, logger: capture });
    // On loopback nothing is asked, so a request with ?token= reaches the failing source and is logged.
    const local = new StatusServer({ host: '127.0.0.1', port: 0, token: 'tok-9f3a2c71e5', source: failing, logger: capture });
    await open.start();
    await local.start();
    try {
      expect((await fetch(`http://127.0.0.1:${open.port}/metrics`, { headers: { authorization: 'Bearer tok-9f3a2c71e5' } })).status).toBe(500);
      expect((await fetch(`http://127.0.0.1:${open.port}/metrics?token=tok-9f3a2c71e5`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${local.port}/metrics?token=tok-9f3a2c71e5&x=1`)).status).toBe(500);
      capture.warn('a line that quotes it: tok-9f3a2c71e5');
      await until(() => lines.some((l) => l.includes('a line that quotes it')));
      const failures = lines.filter((l) => l.includes('status server request failed'));
      expect(failures).toHaveLength(2);
      for (const line of failures) expect(JSON.parse(line)).toMatchObject({ path: '/metrics' });
      expect(lines.join('')).not.toContain('tok-9f3a2c71e5');
    } finally {
      await open.stop();
      await local.stop();
      await closeLogger(capture);
    }
  });
});
