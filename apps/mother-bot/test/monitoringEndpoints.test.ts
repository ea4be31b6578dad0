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
    base = h.runtime!.statusUrl!;
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
    await h.runtime!.manager.reconcileNow();
    const res = await get('/readyz');
    const body = JSON.parse(res.text) as { ready: boolean; failing: unknown[]; checks: Array<{ name: string; status: string }> };
    expect(res.status).toBe(200);
    expect(body.ready).toBe(true);
    expect(body.failing).toEqual([]);
    expect(body.checks.map((c) => c.name).sort()).toEqual(['botPolling', 'database', 'pm2', 'reconcile']);
  });

  it('/metrics speaks Prometheus, with process, platform, reconcile and database series', async () => {
    await h.runtime!.monitoring.loop.runOnce();
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/plain');
    for (const name of [
      'motherbot_mother_process_resident_memory_bytes',
      'motherbot_clones{status="running"}',
      'motherbot_subscriptions{state="trial"}',
      'motherbot_reconcile_duration_seconds_count',
      'motherbot_database_ping_seconds_count',
      'motherbot_health_check{check="pm2"} 1',
      'motherbot_disk_free_bytes{dir="data"}',
      'motherbot_alerts_sent_total',
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
    expect(health.text).toContain('database');
    expect(health.text).toContain('disk:logs');
    h.logger.error('a test failure to be listed', { error: Object.assign(new Error('kaboom'), { code: 'E_LISTED' }), updateType: 'message' });
    await h.until('error recorded', async () => (await h.runtime!.monitoring.errors.recent(10)).some((r) => r.kind === 'E_LISTED'));
    const errors = await ask(h.admin.id, '/errors');
    expect(errors.text).toContain('E_LISTED');
    expect(errors.text).toContain('kaboom');
    const stranger = h.sandbox.createUser({ firstName: 'Sam' });
    const refused = await ask(stranger.id, '/health');
    expect(refused.text).toContain('I do not know that command');
  });

  it('tells the admins of a new kind of error once', async () => {
    await h.runtime!.monitoring.loop.runOnce();
    const notices = () => h.sandbox.transcript(h.admin.id, h.motherBot.id).filter((e) => e.direction === 'bot' && /New kind of error.*E_LISTED/.test(e.summary));
    await h.until('new-kind alert', () => notices().length === 1);
    await h.runtime!.monitoring.loop.runOnce();
    expect(notices()).toHaveLength(1);
  });

  it('/readyz turns 503 with the failing check when the bot stops polling', async () => {
    h.sandbox.revokeToken(h.motherBot.id);
    await h.until('not ready', async () => (await get('/readyz')).status === 503);
    const body = JSON.parse((await get('/readyz')).text) as { ready: boolean; failing: Array<{ name: string }> };
    expect(body.ready).toBe(false);
    expect(body.failing.map((c) => c.name)).toEqual(['botPolling']);
  });
});

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

  it('asks for the token on /metrics and the status page, not on the probes', async () => {
    const server = new StatusServer({ host: '0.0.0.0', port: 0, token: 's3cret-status-token', source, logger });
    await server.start();
    try {
      const url = `http://127.0.0.1:${server.port}`;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer s3cret-status-token' } })).status).toBe(200);
      expect((await fetch(`${url}/metrics?token=s3cret-status-token`)).status).toBe(200);
      expect((await fetch(`${url}/status.json`)).status).toBe(401);
    } finally {
      await server.stop();
    }
  });
});
