import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DAY_MS } from '@motherbot/core';
import { ago, fail, pass, type CheckResult, type ReadinessInputs } from './inputs';

/** Written by `npm test` (scripts/test.sh) after a full run: what ran, on which code, with what outcome. */
export const TEST_RUN_FILE = 'coverage/test-run.json';
/** A run older than this says little about the code running now, whatever it covered. */
export const TEST_RUN_MAX_AGE_DAYS = 14;
export const COVERAGE_MIN_LINES = 80;

export interface TestRunRecord {
  format: 'motherbot-test-run';
  version: 1;
  at: string;
  /** The commit the tests ran on (null outside a git checkout), and whether files differed from it. */
  commit: string | null;
  dirty: boolean;
  exitCode: number;
  tests: { passed: number; failed: number; skipped: number; total: number };
  suites: { passed: number; failed: number; total: number };
  coverage: { lines: number | null };
}

/** The commit checked out in `repoRoot`, read from .git without running git. */
export function gitHead(repoRoot: string): string | undefined {
  try {
    let gitDir = join(repoRoot, '.git');
    if (statSync(gitDir).isFile()) gitDir = join(repoRoot, readFileSync(gitDir, 'utf8').replace(/^gitdir:\s*/, '').trim());
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    const ref = /^ref:\s*(.+)$/.exec(head)?.[1];
    if (!ref) return head;
    const loose = join(gitDir, ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
    const packed = readFileSync(join(gitDir, 'packed-refs'), 'utf8').split('\n').find((l) => l.endsWith(` ${ref}`));
    return packed?.split(' ')[0];
  } catch {
    return undefined;
  }
}

/** Where the code the tests cover lives: each workspace's src and test, and the shared test support. */
function sourceFiles(repoRoot: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'dist') walk(path);
      else if (entry.isFile() && /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
    }
  };
  for (const area of ['apps', 'packages']) {
    const root = join(repoRoot, area);
    if (!existsSync(root)) continue;
    for (const workspace of readdirSync(root)) for (const part of ['src', 'test']) walk(join(root, workspace, part));
  }
  walk(join(repoRoot, 'test-support'));
  return out;
}

/** The last full `npm test` run, if it is still about the code here; else why not. */
function freshRun(inputs: ReadinessInputs): { run: TestRunRecord; detail: string } | { problem: string } {
  const { repoRoot, now } = inputs;
  const file = join(repoRoot, TEST_RUN_FILE);
  if (!existsSync(file)) return { problem: `no ${TEST_RUN_FILE} in ${repoRoot}: run \`npm test\` (a full run writes it)` };
  let run: TestRunRecord;
  try {
    run = JSON.parse(readFileSync(file, 'utf8')) as TestRunRecord;
  } catch (error) {
    return { problem: `${file} is not valid JSON: ${(error as Error).message}` };
  }
  if (run.format !== 'motherbot-test-run' || Number.isNaN(Date.parse(run.at)) || !run.tests) return { problem: `${file} is not a test-run record` };
  const at = new Date(run.at);
  const which = `npm test of ${run.at} (${ago(at, now)}) on ${run.commit ? `commit ${run.commit.slice(0, 10)}${run.dirty ? ' with uncommitted changes' : ''}` : 'no git commit'}`;
  if (now.getTime() - at.getTime() > TEST_RUN_MAX_AGE_DAYS * DAY_MS) return { problem: `${which}: older than ${TEST_RUN_MAX_AGE_DAYS} days` };
  const head = gitHead(repoRoot);
  if (head && run.commit && head !== run.commit) return { problem: `${which}: the code here is at commit ${head.slice(0, 10)}` };
  const sources = sourceFiles(repoRoot);
  const newest = sources.map((f) => ({ f, t: statSync(f).mtimeMs })).sort((a, b) => b.t - a.t)[0];
  if (newest && newest.t > at.getTime()) return { problem: `${which}: ${relative(repoRoot, newest.f)} changed after it (${new Date(newest.t).toISOString()})` };
  const against = `${head ? 'the checked-out commit, ' : ''}newer than all ${sources.length} source and test files`;
  return { run, detail: `${which}, ${against}` };
}

/** The last full `npm test` passed, on the code that is here, recently. */
export async function checkTestsPassed(inputs: ReadinessInputs): Promise<CheckResult> {
  const got = freshRun(inputs);
  if ('problem' in got) return fail(got.problem);
  const { run, detail } = got;
  const { tests, suites } = run;
  const outcome = `${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped of ${tests.total} tests in ${suites.total} files; exit code ${run.exitCode}`;
  if (tests.total === 0) return fail(`${detail}: no test ran`);
  if (tests.failed > 0 || suites.failed > 0 || run.exitCode !== 0) return fail(`${detail}: ${outcome}`);
  return pass(`${detail}: ${outcome}`);
}

/** The same run covered at least 80% of the lines. */
export async function checkCoverage(inputs: ReadinessInputs): Promise<CheckResult> {
  const got = freshRun(inputs);
  if ('problem' in got) return fail(got.problem);
  const lines = got.run.coverage?.lines;
  if (typeof lines !== 'number') return fail(`${got.detail}: no line coverage recorded`);
  return lines >= COVERAGE_MIN_LINES ? pass(`${lines}% of lines covered (${got.detail})`) : fail(`${lines}% of lines covered, below ${COVERAGE_MIN_LINES}% (${got.detail})`);
}
