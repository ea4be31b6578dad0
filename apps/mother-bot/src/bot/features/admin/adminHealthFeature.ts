import { Composer, type Context } from 'telegraf';
import { DEFAULT_LOCALE, escapeHtml, type ErrorRecordDoc, type HealthCheck } from '@motherbot/core';
import { motherTexts, tr, type MotherTranslate } from '../../../i18n/texts';
import type { WebhookProblem, WebhookProblems } from '../../../webhooks/webhookHealth';
import { checkDetail, checkName } from '../../../monitoring/checkTexts';

const english = motherTexts.forLocale(DEFAULT_LOCALE);

/** What `/health` and `/errors` read from the mother's monitoring: its checks and its recorded error kinds. */
export interface AdminHealthSource {
  health: { all(): Promise<{ status: HealthCheck['status']; checks: readonly HealthCheck[] }> };
  errors: { recent(limit: number): Promise<ErrorRecordDoc[]> };
}

/** What the admin commands need; `monitoring` is absent until the runtime has built it. */
export interface AdminHealthDeps {
  isAdmin: (userId: number) => boolean;
  monitoring?: AdminHealthSource;
  /** Webhook mode: the webhooks Telegram reports errors for (absent when polling). */
  webhooks?: { problems(): Promise<WebhookProblems> };
}

/** Clones listed by name in /health before the rest are counted. */
const LISTED_WEBHOOK_PROBLEMS = 10;

/** The webhook section of `/health`: the mother's and each clone's webhook that reports a recent error. */
export function webhooksText(problems: WebhookProblems, t: MotherTranslate = english): string {
  const line = (p: WebhookProblem): string => {
    const params = {
      pending: p.pending,
      date: p.lastErrorDate ? p.lastErrorDate.toISOString() : t('webhooks.unknown'),
      message: escapeHtml((p.lastErrorMessage ?? t('webhooks.unknown')).slice(0, 200)),
    };
    return p.cloneId ? t('webhooks.clone', { ...params, bot: escapeHtml(p.botUsername ?? '?'), cloneId: p.cloneId }) : t('webhooks.mother', params);
  };
  const lines = [t('webhooks.title')];
  if (problems.mother) lines.push(line(problems.mother));
  lines.push(...problems.clones.slice(0, LISTED_WEBHOOK_PROBLEMS).map(line));
  if (problems.clones.length > LISTED_WEBHOOK_PROBLEMS) lines.push(t('webhooks.more', { count: problems.clones.length - LISTED_WEBHOOK_PROBLEMS }));
  if (lines.length === 1) lines.push(t('webhooks.allWell'));
  return lines.join('\n');
}

const ICON = { ok: '🟢', warn: '🟡', fail: '🔴' } as const;

/**
 * The admins' `/health` text in their language: the overall status, then one line per check, each
 * from its name, status and figures (an unknown check shows the probe's own message).
 */
export function healthText(status: HealthCheck['status'], checks: readonly HealthCheck[], t: MotherTranslate = english): string {
  const lines = checks.map((c) => `${ICON[c.status]} <b>${checkName(c, t)}</b> (${t(`health.${c.status}`)}): ${checkDetail(c, t)}`);
  return t('ops.health', { icon: ICON[status], status: t(`health.${status}`), lines: lines.join('\n') });
}

/** The admins' `/errors` text: newest first, with the latest occurrence's context. */
export function errorsText(records: readonly ErrorRecordDoc[], t: MotherTranslate = english): string {
  if (records.length === 0) return t('ops.noErrors');
  const lines = records.map((r) => {
    const s = r.samples.at(-1);
    const ctx = [s?.process, s?.cloneId ? t('alerts.errorClone', { cloneId: s.cloneId }) : null, s?.updateType ? t('alerts.errorUpdate', { type: s.updateType }) : null].filter(Boolean).join(', ');
    return t('ops.errorLine', {
      kind: escapeHtml(r.kind),
      times: r.count,
      place: escapeHtml(r.place),
      date: r.lastAt.toISOString(),
      context: escapeHtml(ctx),
      message: escapeHtml(r.lastMessage.slice(0, 200)),
    });
  });
  return t('ops.errors', { count: records.length, lines: lines.join('\n') });
}

/**
 * `/health` and `/errors` for admins (others fall through to the next handler, as if the
 * commands did not exist).
 */
export function adminHealthFeature(deps: AdminHealthDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.command('health', async (ctx, next) => {
    if (!deps.isAdmin(ctx.from.id) || !deps.monitoring) return next();
    const t = tr(ctx);
    const [{ status, checks }, webhooks] = await Promise.all([deps.monitoring.health.all(), deps.webhooks?.problems()]);
    const text = healthText(status, checks, t);
    await ctx.reply(webhooks ? `${text}\n\n${webhooksText(webhooks, t)}` : text, { parse_mode: 'HTML' });
  });
  composer.command('errors', async (ctx, next) => {
    if (!deps.isAdmin(ctx.from.id) || !deps.monitoring) return next();
    await ctx.reply(errorsText(await deps.monitoring.errors.recent(10), tr(ctx)), { parse_mode: 'HTML' });
  });
  return composer;
}
