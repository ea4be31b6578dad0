import { ATTESTATION_MAX_AGE_DAYS, type Attestation } from './attestations';
import type { ChecklistItem } from './checklist';
import { CHECKS, CHECK_TIMEOUTS_MS, type CheckId, type CheckResult, type ReadinessInputs } from './checks';
import { ITEM_CHECKS } from './itemChecks';

export type ItemMark = 'pass' | 'fail' | 'attested' | 'unattested';

export interface ItemResult extends ChecklistItem {
  mark: ItemMark;
  /** Why: every check's detail (the failing ones first), or who attested it and when. */
  detail: string;
  /** Each check of the item with its verdict and what it looked at (none for an attested item). */
  checks: Array<{ id: CheckId; ok: boolean; detail: string }>;
}

export interface ReadinessReport {
  at: Date;
  ready: boolean;
  items: ItemResult[];
  counts: Record<ItemMark, number>;
  problems: string[];
}

/**
 * Runs each check once (several items share checks), with a time limit (longer for the checks
 * that read every log file or a whole backup), never throwing.
 */
async function runChecks(ids: Set<CheckId>, inputs: ReadinessInputs, defaultTimeoutMs: number): Promise<Map<CheckId, CheckResult>> {
  const results = new Map<CheckId, CheckResult>();
  await Promise.all(
    [...ids].map(async (id) => {
      const timeoutMs = Math.max(defaultTimeoutMs, CHECK_TIMEOUTS_MS[id] ?? 0);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<CheckResult>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
      });
      const run = CHECKS[id](inputs).catch((error: unknown) => ({ ok: false, detail: (error as Error).message }));
      results.set(id, await Promise.race([run, timeout]));
      clearTimeout(timer);
    }),
  );
  return results;
}

/**
 * The live readiness report: every checklist item gets a mark. An item with checks passes when
 * all of them pass; any other item needs a current attestation. Ready means every item passes
 * or is attested.
 */
export async function buildReadinessReport(
  checklist: readonly ChecklistItem[],
  inputs: ReadinessInputs,
  attestations: Record<string, Attestation>,
  options: { timeoutMs?: number; problems?: string[] } = {},
): Promise<ReadinessReport> {
  const needed = new Set<CheckId>(checklist.flatMap((item) => ITEM_CHECKS[item.id] ?? []));
  const results = await runChecks(needed, inputs, options.timeoutMs ?? 5000);
  const maxAgeMs = ATTESTATION_MAX_AGE_DAYS * 86_400_000;
  const items = checklist.map((item): ItemResult => {
    const checks = ITEM_CHECKS[item.id];
    if (checks) {
      const verdicts = checks.map((id) => ({ id, ok: results.get(id)?.ok === true, detail: results.get(id)?.detail ?? '?' }));
      const failing = verdicts.filter((v) => !v.ok);
      // Every check says what it looked at; a failing one comes first and says so.
      const shown = [...failing.map((v) => `FAILS ${v.id}: ${v.detail}`), ...verdicts.filter((v) => v.ok).map((v) => `${v.id}: ${v.detail}`)];
      return { ...item, mark: failing.length === 0 ? 'pass' : 'fail', detail: shown.join('; '), checks: verdicts };
    }
    const attestation = attestations[item.id];
    if (!attestation) return { ...item, mark: 'unattested', detail: `needs an attestation: "${item.id}" in readiness-attestations.json`, checks: [] };
    const age = inputs.now.getTime() - Date.parse(attestation.at);
    if (age > maxAgeMs) return { ...item, mark: 'unattested', detail: `attested by ${attestation.by} on ${attestation.at}, older than ${ATTESTATION_MAX_AGE_DAYS} days`, checks: [] };
    return { ...item, mark: 'attested', detail: `attested by ${attestation.by} on ${attestation.at}${attestation.evidence ? ` (${attestation.evidence})` : ''}`, checks: [] };
  });
  const counts: Record<ItemMark, number> = { pass: 0, fail: 0, attested: 0, unattested: 0 };
  for (const item of items) counts[item.mark] += 1;
  const problems = options.problems ?? [];
  return { at: inputs.now, ready: counts.fail === 0 && counts.unattested === 0 && problems.length === 0, items, counts, problems };
}

const MARKS: Record<ItemMark, string> = { pass: '[x]', attested: '[a]', fail: '[!]', unattested: '[ ]' };

/** The checklist as text, one mark per item, with the reason: what `npm run readiness` prints. */
export function formatReadinessReport(report: ReadinessReport, options: { onlyOpen?: boolean } = {}): string {
  const lines: string[] = [`Production readiness — ${report.at.toISOString()}`, '', 'Marks: [x] checked and passing · [a] attested by an operator · [!] check failing · [ ] needs an attestation', ''];
  let group = '';
  let section = '';
  for (const item of report.items) {
    if (options.onlyOpen && (item.mark === 'pass' || item.mark === 'attested')) continue;
    if (item.group !== group) {
      group = item.group;
      lines.push(`== ${group} ==`);
    }
    if (item.section !== section) {
      section = item.section;
      lines.push(`  ${section}`);
    }
    lines.push(`    ${MARKS[item.mark]} ${item.text}`);
    // One line per check, failing ones first: each says what it looked at.
    const checks = [...item.checks.filter((c) => !c.ok), ...item.checks.filter((c) => c.ok)];
    if (checks.length === 0) lines.push(`        ${item.detail}`);
    for (const c of checks) lines.push(`        ${c.ok ? '' : 'FAILS '}${c.id}: ${c.detail}`);
  }
  for (const problem of report.problems) lines.push('', `problem: ${problem}`);
  const { pass, attested, fail, unattested } = report.counts;
  lines.push(
    '',
    `${pass} passing, ${attested} attested, ${fail} failing, ${unattested} awaiting attestation of ${report.items.length}`,
    `Status: ${report.ready ? 'READY FOR PRODUCTION' : 'NOT READY FOR PRODUCTION'}`,
  );
  return lines.join('\n');
}
