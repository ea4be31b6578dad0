import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AppConfig } from '@motherbot/core';
import { CHECKS, TEST_RUN_FILE, type TestRunRecord } from '../index';
import { testConfig, testInputs } from './readinessFixture';

const repo = resolve(__dirname, '../../../..');

describe('tests-passed and coverage read the last full `npm test`', () => {
  let root: string;
  let config: AppConfig;
  const source = (): string => join(root, 'apps', 'demo', 'src', 'main.ts');
  const record = (overrides: Partial<TestRunRecord> = {}): TestRunRecord => ({
    format: 'motherbot-test-run',
    version: 1,
    at: new Date().toISOString(),
    commit: null,
    dirty: false,
    exitCode: 0,
    tests: { passed: 120, failed: 0, skipped: 1, total: 121 },
    suites: { passed: 30, failed: 0, total: 30 },
    coverage: { lines: 87.2 },
    ...overrides,
  });
  const writeRun = (run: TestRunRecord | string): void => writeFileSync(join(root, TEST_RUN_FILE), typeof run === 'string' ? run : JSON.stringify(run));
  const check = (id: 'tests-passed' | 'coverage') => CHECKS[id](testInputs(config, { unreachable: 'not needed' }, { repoRoot: root }));

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'motherbot-readytests-'));
    config = testConfig(root, 'x');
    mkdirSync(join(root, 'apps', 'demo', 'src'), { recursive: true });
    mkdirSync(join(root, 'coverage'), { recursive: true });
    writeFileSync(source(), 'export {};\n');
    const before = new Date(Date.now() - 60_000);
    utimesSync(source(), before, before);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes on a recent full run that passed, newer than the code, and says what it read', async () => {
    writeRun(record());
    await expect(check('tests-passed')).resolves.toMatchObject({ ok: true, detail: expect.stringContaining('120 passed, 0 failed, 1 skipped of 121 tests in 30 files') });
    await expect(check('coverage')).resolves.toMatchObject({ ok: true, detail: expect.stringContaining('87.2% of lines') });
  });

  it('fails with no record, a failing run, or a run that exited non-zero', async () => {
    await expect(check('tests-passed')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining(`no ${TEST_RUN_FILE}`) });
    writeRun(record({ tests: { passed: 119, failed: 1, skipped: 1, total: 121 } }));
    await expect(check('tests-passed')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('1 failed') });
    writeRun(record({ exitCode: 1 }));
    await expect(check('tests-passed')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('exit code 1') });
    writeRun(record({ tests: { passed: 0, failed: 0, skipped: 0, total: 0 } }));
    await expect(check('tests-passed')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('no test ran') });
  });

  it('fails on a stale run: older than 14 days, older than a source file, or on another commit', async () => {
    writeRun(record({ at: new Date(Date.now() - 20 * 86_400_000).toISOString() }));
    await expect(check('tests-passed')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('older than 14 days') });
    await expect(check('coverage')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('older than 14 days') });

    writeRun(record({ at: new Date(Date.now() - 120_000).toISOString() }));
    await expect(check('tests-passed')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('apps/demo/src/main.ts changed after it') });

    mkdirSync(join(root, '.git', 'refs', 'heads'), { recursive: true });
    writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(root, '.git', 'refs', 'heads', 'main'), `${'b'.repeat(40)}\n`);
    writeRun(record({ commit: 'a'.repeat(40) }));
    await expect(check('tests-passed')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('the code here is at commit bbbbbbbbbb') });
    writeRun(record({ commit: 'b'.repeat(40) }));
    await expect(check('tests-passed')).resolves.toMatchObject({ ok: true, detail: expect.stringContaining('the checked-out commit') });
  });

  it('fails coverage below 80%, or a record without coverage', async () => {
    writeRun(record({ coverage: { lines: 71.5 } }));
    await expect(check('coverage')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('71.5% of lines covered, below 80%') });
    writeRun(record({ coverage: { lines: null } }));
    await expect(check('coverage')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('no line coverage') });
    writeRun('{not json');
    await expect(check('coverage')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('not valid JSON') });
  });

  it("scripts/write-test-run.js turns jest's results into the record the check reads", async () => {
    const jest = { numPassedTests: 3, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0, numTotalTests: 4, numPassedTestSuites: 1, numFailedTestSuites: 1, numTotalTestSuites: 2 };
    writeFileSync(join(root, 'coverage', 'jest-results.json'), JSON.stringify(jest));
    writeFileSync(join(root, 'coverage', 'coverage-summary.json'), JSON.stringify({ total: { lines: { pct: 91.3 } } }));
    const run = (code: number): string =>
      execFileSync(process.execPath, [join(repo, 'scripts', 'write-test-run.js'), String(code)], { env: { ...process.env, TEST_RUN_ROOT: root }, encoding: 'utf8' });
    expect(run(1)).toContain('3 passed, 1 failed, 91.3% of lines, exit 1');
    await expect(check('tests-passed')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('3 passed, 1 failed') });
    writeFileSync(join(root, 'coverage', 'jest-results.json'), JSON.stringify({ ...jest, numPassedTests: 4, numFailedTests: 0, numPassedTestSuites: 2, numFailedTestSuites: 0 }));
    run(0);
    await expect(check('tests-passed')).resolves.toMatchObject({ ok: true, detail: expect.stringContaining('4 passed, 0 failed') });
    await expect(check('coverage')).resolves.toMatchObject({ ok: true, detail: expect.stringContaining('91.3% of lines') });
  });
});
