import { Composer, type Context } from 'telegraf';
import { escapeHtml, type ErrorRecordDoc, type HealthCheck } from '@motherbot/core';

/** What `/health` and `/errors` read from the mother's monitoring: its checks and its recorded error kinds. */
export interface AdminHealthSource {
  health: { all(): Promise<{ status: HealthCheck['status']; checks: readonly HealthCheck[] }> };
  errors: { recent(limit: number): Promise<ErrorRecordDoc[]> };
}

/** What the admin commands need; `monitoring` is absent until the runtime has built it. */
export interface AdminHealthDeps {
  isAdmin: (userId: number) => boolean;
  monitoring?: AdminHealthSource;
}

const ICON = { ok: '🟢', warn: '🟡', fail: '🔴' } as const;

/** The admins' `/health` text: the overall status, then one line per check. */
export function healthText(status: HealthCheck['status'], checks: readonly HealthCheck[]): string {
  const lines = checks.map((c) => `${ICON[c.status]} <b>${escapeHtml(c.name)}</b>: ${escapeHtml(c.message)}`);
  return `${ICON[status]} <b>Health: ${status}</b>\n${lines.join('\n')}`;
}

/** The admins' `/errors` text: newest first, with the latest occurrence's context. */
export function errorsText(records: readonly ErrorRecordDoc[]): string {
  if (records.length === 0) return 'No errors recorded. 🎉';
  const lines = records.map((r) => {
    const s = r.samples.at(-1);
    const ctx = [s?.process, s?.cloneId ? `clone ${s.cloneId}` : null, s?.updateType ? `update ${s.updateType}` : null].filter(Boolean).join(', ');
    return `• <b>${escapeHtml(r.kind)}</b> ×${r.count} at <code>${escapeHtml(r.place)}</code>\n  last ${r.lastAt.toISOString()} (${escapeHtml(ctx)}): ${escapeHtml(r.lastMessage.slice(0, 200))}`;
  });
  return `<b>Errors</b> (latest ${records.length} kinds)\n${lines.join('\n')}`;
}

/**
 * `/health` and `/errors` for admins (others fall through to the next handler, as if the
 * commands did not exist).
 */
export function adminHealthFeature(deps: AdminHealthDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.command('health', async (ctx, next) => {
    if (!deps.isAdmin(ctx.from.id) || !deps.monitoring) return next();
    const { status, checks } = await deps.monitoring.health.all();
    await ctx.reply(healthText(status, checks), { parse_mode: 'HTML' });
  });
  composer.command('errors', async (ctx, next) => {
    if (!deps.isAdmin(ctx.from.id) || !deps.monitoring) return next();
    await ctx.reply(errorsText(await deps.monitoring.errors.recent(10)), { parse_mode: 'HTML' });
  });
  return composer;
}
