import { Composer, type Context } from 'telegraf';
import type { Connection } from 'mongoose';
import { DEFAULT_LOCALE, escapeHtml } from '@motherbot/core';
import { motherTexts, tr, type MotherTranslate } from '../../../i18n/texts';
import { listPlatformDatabases, type ReadinessReport } from '@motherbot/ops';
import { describeBackup, runBackupJob } from '../../../ops/backupJob';
import { runReadiness } from '../../../ops/readinessRun';
import type { MotherBotDeps } from '../../context';
import { ThrottledMessage } from './throttledMessage';

const MARK: Record<string, string> = { pass: '✅', attested: '📝', fail: '❌', unattested: '⬜' };
const english = motherTexts.forLocale(DEFAULT_LOCALE);

/** The readiness report for a chat message: the counts, then every open item with its reason (Telegram caps a message at 4096). */
export function readinessMessage(report: ReadinessReport, t: MotherTranslate = english): string {
  const { pass, attested, fail, unattested } = report.counts;
  // The items' texts come from the readiness checklist and stay as written there (English).
  const head = `<b>${t(report.ready ? 'ops.ready' : 'ops.notReady')}</b>\n${t('ops.readinessCounts', { pass, attested, fail, unattested })}\n`;
  const open = report.items.filter((i) => i.mark === 'fail').map((i) => `${MARK[i.mark]} ${escapeHtml(i.text)}\n   <i>${escapeHtml(i.detail.slice(0, 160))}</i>`);
  const toAttest = report.items.filter((i) => i.mark === 'unattested').length;
  let text = head;
  for (const line of open) {
    if (text.length + line.length > 3700) {
      text += `\n${t('ops.readinessMore')}`;
      break;
    }
    text += `\n${line}`;
  }
  if (toAttest) text += `\n\n${MARK.unattested} ${t('ops.toAttest', { count: toAttest })}`;
  return text;
}

/** The first text of the /backup message (English; `tr(ctx)('ops.backupStarted')` in the admin's language). */
export const BACKUP_STARTED = english('ops.backupStarted');

/** The /backup message while it runs: databases done of those listed at the start. */
export function backupProgressText(done: number, total: number, last: string, t: MotherTranslate = english): string {
  const of = Math.max(done, total);
  if (done >= of) return t('ops.backupAllDone', { count: of });
  return t('ops.backupProgress', { done, count: of, last });
}

export interface AdminOpsDeps extends Pick<MotherBotDeps, 'config' | 'models' | 'logger' | 'isAdmin'> {
  db?: () => Connection;
  /** At most one progress edit of the /backup message per this long (default 2 s). */
  backupProgressEditMs?: number;
}

/**
 * `/backup` and `/readiness` for admins (ADMIN_IDS): the same backup job as the scheduler and
 * the same report as `npm run readiness`. Anyone else falls through to the other features.
 */
export function adminOpsFeature(deps: AdminOpsDeps): Composer<Context> {
  // Only admins in a private chat reach these commands; everyone else passes through untouched.
  const admins = new Composer<Context>();
  const isAdminChat = (ctx: Context): boolean => ctx.from !== undefined && deps.isAdmin(ctx.from.id) && ctx.chat?.type === 'private';
  const db = (): Connection => deps.db?.() ?? (deps.models.Clone.db as Connection);

  let backupRunning = false;
  admins.command('backup', async (ctx) => {
    const t = tr(ctx);
    if (backupRunning) return void (await ctx.reply(t('ops.backupRunning')));
    backupRunning = true;
    const by = ctx.from?.id;
    const status = await ctx.reply(t('ops.backupStarted')).catch((error: unknown) => {
      backupRunning = false;
      throw error;
    });
    // Minutes of work: started here, the message edited as it goes (throttled) and replaced by
    // the result, so the bot keeps answering meanwhile.
    const message = new ThrottledMessage(ctx.telegram, status.chat.id, status.message_id, deps.backupProgressEditMs ?? 2_000, (error) =>
      deps.logger.warn('could not show backup progress', { error }),
    );
    void (async () => {
      try {
        const client = db().getClient();
        const total = (await listPlatformDatabases(client, deps.config.databaseName)).length;
        let done = 0;
        const onProgress = (event: string, meta?: Record<string, unknown>): void => {
          if (event !== 'database backed up') return;
          done += 1;
          message.update(backupProgressText(done, total, String(meta?.database ?? ''), t));
        };
        const result = await runBackupJob({ client, config: deps.config, onProgress });
        deps.logger.info(`backup from /backup: ${describeBackup(result)}`, { by, backup: result.id });
        await message.finish(`${result.verification?.ok === false ? '❌' : '✅'} ${describeBackup(result)}`);
      } catch (error) {
        deps.logger.error('backup from /backup failed', { error });
        await message.finish(t('ops.backupFailed', { error: (error as Error).message })).catch(() => undefined);
      } finally {
        backupRunning = false;
      }
    })().catch((error: unknown) => deps.logger.error('could not report a backup', { error }));
  });

  admins.command('readiness', async (ctx) => {
    const report = await runReadiness({ config: deps.config, db: db() });
    await ctx.reply(readinessMessage(report, tr(ctx)), { parse_mode: 'HTML' });
  });
  return new Composer<Context>(Composer.optional(isAdminChat, admins));
}
