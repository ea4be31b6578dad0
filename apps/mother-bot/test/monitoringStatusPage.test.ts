import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { PlatformHarness } from './harness';

const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts');

/**
 * The status page in a real browser (Debian chromium, headless) on a real platform with one
 * live clone: it renders the clone, the health checks and both charts, loads nothing from
 * elsewhere, and is saved as test-artifacts/monitoring-status.png.
 */
describe('status page', () => {
  const h = new PlatformHarness();
  let browser: Browser;
  let cloneBot: { id: number; token: string; username: string };

  beforeAll(async () => {
    await h.start({ HTTP_PORT: '0', ALERT_CPU_LOAD_PERCENT: '100000', ALERT_MEMORY_PERCENT: '100', ALERT_DISK_FREE_PERCENT: '0' });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h.close();
  }, 60_000);

  it('shows clones, health checks and charts of the last hour', async () => {
    const owner = h.sandbox.createUser({ firstName: 'Olga' });
    cloneBot = h.sandbox.createBot({ username: 'olga_files_bot' });
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(owner.id, h.motherBot.id, '/new');
    await h.sandbox.waitForBotMessage({ chatId: owner.id, botRef: h.motherBot.id, after, predicate: (m) => /token/i.test(String(m.text)) });
    await h.sandbox.sendText(owner.id, h.motherBot.id, cloneBot.token);
    await h.sandbox.waitForBotMessage({ chatId: owner.id, botRef: h.motherBot.id, after, timeoutMs: 30_000, predicate: (m) => /is live/.test(String(m.text)) });
    for (let i = 0; i < 3; i += 1) {
      const before = h.sandbox.cursor();
      await h.sandbox.sendText(owner.id, cloneBot.id, '/start');
      await h.sandbox.waitForBotMessage({ chatId: owner.id, botRef: cloneBot.id, after: before });
    }
    const monitoring = h.mother!.monitoring;
    await h.until('heartbeat with the updates', async () => {
      const beat = await h.mother!.models.Heartbeat.findOne({}).lean();
      return beat && beat.updates >= 3;
    });
    // The chart ring fills one sample a minute; give it an hour of history (the sampler itself is unit-tested).
    const now = Date.now();
    const rss = process.memoryUsage.rss();
    for (let k = 59; k >= 1; k -= 1) {
      monitoring.samples.record(new Date(now - k * 60_000), {
        motherRss: rss * (0.85 + 0.1 * Math.sin(k / 6)),
        clones: [{ id: 'x', memoryBytes: (70 + 5 * Math.cos(k / 4)) * 2 ** 20, updates: 3000 - k * 50 + (k % 5) * 7 }],
      });
    }
    await monitoring.loop.runOnce();

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const foreign: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(h.mother!.statusUrl!)) foreign.push(req.url());
    });
    const res = await page.goto(`${h.mother!.statusUrl}/status`);
    expect(res?.status()).toBe(200);
    await expect(page.title()).resolves.toMatch(/^Mother Bot status: (ok|warn)$/);
    const clones = await page.locator('#clones').innerText();
    expect(clones).toContain('@olga_files_bot');
    expect(clones).toMatch(/running/);
    expect(clones).toMatch(/\d+ s ago/);
    const checks = await page.locator('#checks').innerText();
    for (const name of ['database', 'botPolling', 'pm2', 'reconcile', 'disk:data', 'disk:logs', 'eventLoop']) expect(checks).toContain(name);
    expect(await page.locator('svg').count()).toBe(2);
    expect(await page.locator('#charts-memory svg path').count()).toBe(2);
    expect(await page.locator('#charts-updates svg rect').count()).toBeGreaterThan(50);
    expect(foreign).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'monitoring-status.png'), fullPage: true });
    await page.close();
  }, 90_000);
});
