import { Composer, type Context } from 'telegraf';
import { escapeHtml, type HealthCheck } from '@motherbot/core';
import type { Monitoring } from './monitoring';
import { errorsText } from './errorTracker';

/** What the admin commands need; `monitoring` is absent until the runtime has built it. */
export interface AdminHealthDeps {
  isAdmin: (userId: number) => boolean;
  monitoring?: Pick<Monitoring, 'health' | 'errors'>;
}

const ICON = { ok: '🟢', warn: '🟡', fail: '🔴' } as const;

/** The admins' `/health` text: the overall status, then one line per check. */
export function healthText(status: HealthCheck['status'], checks: readonly HealthCheck[]): string {
  const lines = checks.map((c) => `${ICON[c.status]} <b>${escapeHtml(c.name)}</b>: ${escapeHtml(c.message)}`);
  return `${ICON[status]} <b>Health: ${status}</b>\n${lines.join('\n')}`;
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
