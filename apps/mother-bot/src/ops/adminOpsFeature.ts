import { Composer, type Context } from 'telegraf';
import type { Connection } from 'mongoose';
import { escapeHtml, type ReadinessReport } from '@motherbot/core';
import type { MotherBotDeps } from '../bot/context';
import { describeBackup, runBackupJob } from './backupJob';
import { runReadiness } from './readinessRun';

const MARK: Record<string, string> = { pass: '✅', attested: '📝', fail: '❌', unattested: '⬜' };

/** The readiness report for a chat message: the counts, then every open item with its reason (Telegram caps a message at 4096). */
export function readinessMessage(report: ReadinessReport): string {
  const { pass, attested, fail, unattested } = report.counts;
  const head = `<b>${report.ready ? 'Ready for production' : 'Not ready for production'}</b>\n${pass} passing · ${attested} attested · ${fail} failing · ${unattested} to attest\n`;
  const open = report.items.filter((i) => i.mark === 'fail').map((i) => `${MARK[i.mark]} ${escapeHtml(i.text)}\n   <i>${escapeHtml(i.detail.slice(0, 160))}</i>`);
  const toAttest = report.items.filter((i) => i.mark === 'unattested').length;
  let text = head;
  for (const line of open) {
    if (text.length + line.length > 3700) {
      text += '\n… more: `npm run readiness` on the host';
      break;
    }
    text += `\n${line}`;
  }
  if (toAttest) text += `\n\n${MARK.unattested} ${toAttest} item(s) need an operator's attestation (DATA_DIR/readiness-attestations.json).`;
  return text;
}

/**
 * `/backup` and `/readiness` for admins (ADMIN_IDS): the same backup job as the scheduler and
 * the same report as `npm run readiness`. Anyone else falls through to the other features.
 */
export function adminOpsFeature(deps: MotherBotDeps & { db?: () => Connection }): Composer<Context> {
  // Only admins in a private chat reach these commands; everyone else passes through untouched.
  const admins = new Composer<Context>();
  const isAdminChat = (ctx: Context): boolean => ctx.from !== undefined && deps.isAdmin(ctx.from.id) && ctx.chat?.type === 'private';
  const db = (): Connection => deps.db?.() ?? (deps.models.Clone.db as Connection);

  let backupRunning = false;
  admins.command('backup', async (ctx) => {
    if (backupRunning) return void (await ctx.reply('A backup is already running; its result will be sent here.'));
    backupRunning = true;
    await ctx.reply('Backing up every database, then test-restoring it…');
    const chatId = ctx.chat.id;
    const telegram = ctx.telegram;
    // Minutes of work: started here and reported when done, so the bot keeps answering meanwhile.
    void (async () => {
      try {
        const result = await runBackupJob({ client: db().getClient(), config: deps.config });
        deps.logger.info(`backup from /backup: ${describeBackup(result)}`, { by: ctx.from?.id, backup: result.id });
        await telegram.sendMessage(chatId, `${result.verification?.ok === false ? '❌' : '✅'} ${describeBackup(result)}`);
      } catch (error) {
        deps.logger.error('backup from /backup failed', { error });
        await telegram.sendMessage(chatId, `❌ Backup failed: ${(error as Error).message}`).catch(() => undefined);
      } finally {
        backupRunning = false;
      }
    })().catch((error: unknown) => deps.logger.error('could not report a backup', { error }));
  });

  admins.command('readiness', async (ctx) => {
    const report = await runReadiness({ config: deps.config, db: db() });
    await ctx.reply(readinessMessage(report), { parse_mode: 'HTML' });
  });
  return new Composer<Context>(Composer.optional(isAdminChat, admins));
}
