import { Composer, type Context } from 'telegraf';
import type { Connection } from 'mongoose';
import { escapeHtml } from '@motherbot/core';
import { listPlatformDatabases } from '@motherbot/ops';
import { tr } from '../../../i18n/texts';
import { describeBackup, runBackupJob } from '../../../ops/backupJob';
import { runReadiness } from '../../../ops/readinessRun';
import type { MotherBotDeps } from '../../context';
import { backupProgressText, backupResultText } from './backupTexts';
import { readinessMessage } from './readinessTexts';
import { ThrottledMessage } from './throttledMessage';

export interface AdminOpsDeps extends Pick<MotherBotDeps, 'config' | 'models' | 'logger' | 'isAdmin'> {
  db?: () => Connection;
  /** At most one progress edit of the /backup message per this long (default 2 s). */
  backupProgressEditMs?: number;
}

/**
 * `/backup` and `/readiness` for admins (ADMIN_IDS): the same backup job as the scheduler and
 * the same report as `npm run readiness`, each in the admin's language (backupTexts.ts,
 * readinessTexts.ts). Anyone else falls through to the other features.
 */
export function adminOpsFeature(deps: AdminOpsDeps): Composer<Context> {
  // Only admins in a private chat reach these commands; everyone else passes through untouched.
  const admins = new Composer<Context>();
  const isAdminChat = (ctx: Context): boolean => ctx.from !== undefined && deps.isAdmin(ctx.from.id) && ctx.chat?.type === 'private';
  const db = (): Connection => deps.db?.() ?? (deps.models.Clone.db as Connection);

  let backupRunning = false;
  admins.command('backup', async (ctx) => {
    const t = tr(ctx);
    if (backupRunning) return void (await ctx.reply(t('backup.running')));
    backupRunning = true;
    const by = ctx.from?.id;
    const status = await ctx.reply(t('backup.started')).catch((error: unknown) => {
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
        await message.finish(backupResultText(result, t));
      } catch (error) {
        deps.logger.error('backup from /backup failed', { error });
        await message.finish(t('backup.failed', { error: (error as Error).message })).catch(() => undefined);
      } finally {
        backupRunning = false;
      }
    })().catch((error: unknown) => deps.logger.error('could not report a backup', { error }));
  });

  admins.command('readiness', async (ctx) => {
    const t = tr(ctx);
    const report = await runReadiness({ config: deps.config, db: db() }).catch((error: unknown) => {
      deps.logger.error('readiness report from /readiness failed', { error });
      return (error as Error).message;
    });
    const text = typeof report === 'string' ? t('readiness.failed', { error: escapeHtml(report) }) : readinessMessage(report, t);
    await ctx.reply(text, { parse_mode: 'HTML' });
  });
  return new Composer<Context>(Composer.optional(isAdminChat, admins));
}
