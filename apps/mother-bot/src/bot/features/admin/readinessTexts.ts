import { DEFAULT_LOCALE, escapeHtml } from '@motherbot/core';
import type { ItemResult, ReadinessReport } from '@motherbot/ops';
import { motherTexts, type MotherTranslate } from '../../../i18n/texts';

const english = motherTexts.forLocale(DEFAULT_LOCALE);

/** Telegram caps a message at 4096 characters; the failing items stop short of it. */
const ROOM = 3700;

/** The most of one check's evidence shown in the chat (`npm run readiness` prints all of it). */
const EVIDENCE_CHARS = 160;

/**
 * An item's title as the checklist writes it (docs/operations/production-readiness-checklist.md,
 * whose wording the report follows and whose ids come from it): data, escaped, its `code` kept.
 */
function itemTitle(item: ItemResult): string {
  return escapeHtml(item.text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/**
 * A failing item: its title, then each failing check by its id with what it read. The check's
 * evidence is the same line `npm run readiness` prints (packages/ops), quoted as it is.
 */
function failingItem(item: ItemResult, t: MotherTranslate): string {
  const checks = item.checks
    .filter((c) => !c.ok)
    .map((c) => {
      const detail = c.detail.length > EVIDENCE_CHARS ? `${c.detail.slice(0, EVIDENCE_CHARS - 1)}…` : c.detail;
      return `   <i>${t('readiness.checkFails', { check: escapeHtml(c.id), detail: escapeHtml(detail) })}</i>`;
    });
  return [`❌ ${itemTitle(item)}`, ...checks].join('\n');
}

/**
 * The /readiness report in the admin's language (HTML): ready or not, the counts by mark, every
 * failing item with what failed (as many as fit in one message), how many await an attestation,
 * and anything the report could not read.
 */
export function readinessMessage(report: ReadinessReport, t: MotherTranslate = english): string {
  const { pass, attested, fail, unattested } = report.counts;
  const counts = [t('readiness.pass', { count: pass }), t('readiness.attested', { count: attested }), t('readiness.fail', { count: fail }), t('readiness.unattested', { count: unattested })];
  let text = `${t(report.ready ? 'readiness.ready' : 'readiness.notReady')}\n${t('readiness.counts', { count: report.items.length })} ${counts.join(' · ')}`;
  for (const problem of report.problems) text += `\n${t('readiness.problem', { problem: escapeHtml(problem) })}`;
  const failing = report.items.filter((i) => i.mark === 'fail');
  if (failing.length) text += `\n\n${t('readiness.failing', { count: failing.length })}`;
  for (const [shown, item] of failing.entries()) {
    const block = failingItem(item, t);
    if (text.length + block.length > ROOM) {
      text += `\n${t('readiness.more', { count: failing.length - shown })}`;
      break;
    }
    text += `\n${block}`;
  }
  if (unattested) text += `\n\n${t('readiness.toAttest', { count: unattested })}`;
  return text;
}
