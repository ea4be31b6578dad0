import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openTestDatabase } from '@test-support/database';
import { applyMigrations, platformMigrations, platformModels } from '@motherbot/core';
import {
  ATTESTATIONS_FILE,
  CHECKS,
  ITEM_CHECKS,
  buildReadinessReport,
  formatReadinessReport,
  parseChecklist,
  readAttestations,
  type ReadinessInputs,
} from '../readiness';
import { testConfig, testInputs } from './readinessFixture';

const repoRoot = resolve(__dirname, '../../../..');
const checklist = parseChecklist(readFileSync(join(repoRoot, 'docs/operations/production-readiness-checklist.md'), 'utf8'));

describe('the readiness checklist', () => {
  it('is the seed checklist, word for word, and every mapped item exists in it', () => {
    const seed = join(repoRoot, '../shared/seed/production-readiness-checklist.md');
    const source = readFileSync(join(repoRoot, 'docs/operations/production-readiness-checklist.md'), 'utf8');
    try {
      expect(source).toBe(readFileSync(seed, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    expect(checklist.length).toBeGreaterThan(100);
    expect(new Set(checklist.map((i) => i.id)).size).toBe(checklist.length);
    const ids = new Set(checklist.map((i) => i.id));
    expect(Object.keys(ITEM_CHECKS).filter((id) => !ids.has(id))).toEqual([]);
    // Every check proves some item: none runs for nothing.
    const used = new Set(Object.values(ITEM_CHECKS).flat());
    expect(Object.keys(CHECKS).filter((id) => !used.has(id as keyof typeof CHECKS))).toEqual([]);
  });
});

describe('docs/operations/readiness.md', () => {
  const doc = readFileSync(join(repoRoot, 'docs/operations/readiness.md'), 'utf8');

  it('maps every item to the same checks as the code, and describes every check', () => {
    const rows = new Map<string, string[]>();
    for (const m of doc.matchAll(/^\| .+ \| `([a-z0-9-]+)` \| (.+) \|$/gm)) {
      rows.set(m[1] ?? '', m[2] === 'attestation' ? [] : [...(m[2] ?? '').matchAll(/\[([a-z-]+)\]/g)].map((c) => c[1] ?? ''));
    }
    expect(new Set(rows.keys())).toEqual(new Set(checklist.map((i) => i.id)));
    for (const item of checklist) expect([item.id, rows.get(item.id)]).toEqual([item.id, [...(ITEM_CHECKS[item.id] ?? [])]]);
    const described = new Set([...doc.matchAll(/^#### `([a-z-]+)`$/gm)].map((m) => m[1]));
    expect(Object.keys(CHECKS).filter((id) => !described.has(id))).toEqual([]);
  });
});

describe('the readiness report against the real database', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const dataDir = mkdtempSync(join(tmpdir(), 'motherbot-ready-'));
  const inputs = (overrides: Partial<ReadinessInputs> = {}): ReadinessInputs => testInputs(testConfig(dataDir, db.dbName, { MASTER_KEY: '' }), db.connection, overrides);

  beforeAll(async () => {
    db = await openTestDatabase('ready');
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const item = (report: Awaited<ReturnType<typeof buildReadinessReport>>, id: string) => report.items.find((i) => i.id === id)!;

  it('on a default development start: not ready, and each failing item says why', async () => {
    const report = await buildReadinessReport(checklist, inputs(), {});
    expect(report.ready).toBe(false);
    expect(item(report, 'bot-tokens-validated-and-working')).toMatchObject({ mark: 'fail', detail: expect.stringContaining('BOT_TOKEN is not set') });
    expect(item(report, 'database-migrations-applied')).toMatchObject({ mark: 'fail', detail: expect.stringContaining('npm run migrate') });
    expect(item(report, 'automated-backups-configured').detail).toContain('no backup');
    expect(item(report, 'health-checks-running').detail).toContain('is the mother running?');
    expect(item(report, 'log-directory-permissions-set-correctly').mark).toBe('pass');
    // Nothing has logged yet: there is no log to vouch for, and no worker to show isolated.
    expect(item(report, 'sensitive-data-logging-prevented')).toMatchObject({ mark: 'fail', detail: expect.stringContaining('no log file') });
    expect(item(report, 'isolates-clone-instances-properly')).toMatchObject({ mark: 'fail', detail: expect.stringContaining('no worker to look at') });
    expect(item(report, 'all-tests-passing')).toMatchObject({ mark: 'fail', detail: expect.stringContaining('run `npm test`') });
    expect(item(report, 'graceful-shutdown-on-signals')).toMatchObject({ mark: 'fail', detail: expect.stringContaining('no shutdown of the mother on record') });
    expect(item(report, 'team-training-completed')).toMatchObject({ mark: 'unattested' });
    const text = formatReadinessReport(report);
    expect(text).toContain('[!] Database migrations applied');
    // Every check of an item is shown with what it looked at, the failing ones first and marked.
    expect(item(report, 'api-credentials-verified').checks.map((c) => [c.id, c.ok])).toEqual([['bot-token', false], ['telegram-api-root', true]]);
    expect(text).toContain('[!] API credentials verified\n        FAILS bot-token: BOT_TOKEN is not set (sandbox mode): the mother has no real bot\n        telegram-api-root: Bot API at https://api.telegram.org');
    expect(text).toContain('Status: NOT READY FOR PRODUCTION');
  });

  it('turns checks green as the platform gets there, and honours current attestations only', async () => {
    await applyMigrations({ db: db.connection, models: platformModels(db.connection), migrations: platformMigrations });
    writeFileSync(
      join(dataDir, ATTESTATIONS_FILE),
      JSON.stringify({
        'team-training-completed': { by: 'ops@example.org', at: new Date().toISOString(), evidence: 'runbook walkthrough' },
        'security-review-completed': { by: 'sec@example.org', at: '2001-01-01' },
      }),
    );
    const config = { ...inputs().config, botToken: `123456:${'B'.repeat(35)}`, adminIds: [1] };
    const { attestations } = readAttestations(dataDir);
    const report = await buildReadinessReport(checklist, inputs({ config, httpGet: async () => ({ status: 200, body: '{"checks":[]}' }) }), attestations);
    expect(item(report, 'database-migrations-applied').mark).toBe('pass');
    expect(item(report, 'database-indexes-created-for-performance').mark).toBe('pass');
    expect(item(report, 'bot-tokens-validated-and-working')).toMatchObject({ mark: 'pass', detail: expect.stringContaining('@mother_bot') });
    expect(item(report, 'health-checks-passing').mark).toBe('pass');
    expect(item(report, 'team-training-completed')).toMatchObject({ mark: 'attested', detail: expect.stringContaining('ops@example.org') });
    expect(item(report, 'security-review-completed')).toMatchObject({ mark: 'unattested', detail: expect.stringContaining('older than') });

    const broken = await buildReadinessReport(checklist, inputs({ config, getMe: async () => Promise.reject(new Error('401: Unauthorized')) }), attestations);
    expect(item(broken, 'api-credentials-verified')).toMatchObject({ mark: 'fail', detail: expect.stringContaining('401') });
  });

  it('a database that cannot be reached fails its items instead of crashing the report', async () => {
    const report = await buildReadinessReport(checklist, inputs({ db: { unreachable: 'connect ECONNREFUSED 127.0.0.1:1' } }), {});
    expect(item(report, 'database-connections-tested-and-stable')).toMatchObject({ mark: 'fail', detail: expect.stringContaining('ECONNREFUSED') });
  });
});
