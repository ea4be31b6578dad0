#!/usr/bin/env node
/**
 * `node scripts/write-test-run.js <jest exit code>`, run by scripts/test.sh after a full run:
 * writes coverage/test-run.json from jest's results and coverage summary, with the commit and
 * the time, so that `npm run readiness` can tell a recent passing run on this code from a stale
 * or failing one. A run with arguments (a subset) never writes it. TEST_RUN_ROOT names another
 * checkout (its test).
 */
const { execFileSync } = require('node:child_process');
const { existsSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = process.env.TEST_RUN_ROOT ?? join(__dirname, '..');
const exitCode = Number(process.argv[2] ?? 1);
const read = (file) => (existsSync(join(root, file)) ? JSON.parse(readFileSync(join(root, file), 'utf8')) : null);
const git = (...args) => {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};

const results = read('coverage/jest-results.json');
if (!results) {
  process.stderr.write('no coverage/jest-results.json: jest did not finish\n');
  process.exit(1);
}
const summary = read('coverage/coverage-summary.json');
const commit = git('rev-parse', 'HEAD');
const record = {
  format: 'motherbot-test-run',
  version: 1,
  at: new Date().toISOString(),
  commit,
  dirty: commit ? git('status', '--porcelain', '--untracked-files=no') !== '' : false,
  exitCode,
  tests: {
    passed: results.numPassedTests,
    failed: results.numFailedTests,
    skipped: results.numPendingTests + (results.numTodoTests ?? 0),
    total: results.numTotalTests,
  },
  suites: { passed: results.numPassedTestSuites, failed: results.numFailedTestSuites, total: results.numTotalTestSuites },
  coverage: { lines: summary?.total?.lines?.pct ?? null },
};
const file = join(root, 'coverage', 'test-run.json');
writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
renameSync(`${file}.tmp`, file);
process.stdout.write(`coverage/test-run.json: ${record.tests.passed} passed, ${record.tests.failed} failed, ${record.coverage.lines}% of lines, exit ${exitCode}\n`);
