import { Composer, type Context } from 'telegraf';
import { escapeHtml } from '@motherbot/core';
import { answerCallback, button } from '@motherbot/bot-kit';
import type { MotherBotDeps } from '../context';
import { fmtDate } from '../format';
import { show } from '../screen';

const DELETE = 'priv:del';
const DELETE_OK = 'priv:delok';
const KEEP = 'priv:keep';

/** `/privacy`: what the mother stores about you, and deleting it (with confirmation). */
export function privacyFeature(deps: MotherBotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { services } = deps;

  composer.command('privacy', async (ctx) => {
    const r = await services.privacy.report(ctx.from.id);
    const lines = [
      '🔒 What I store about you',
      `• Telegram id ${ctx.from.id}${r.user ? `, first name “${escapeHtml(r.user.firstName ?? '')}”${r.user.username ? `, @${escapeHtml(r.user.username)}` : ''}, language ${escapeHtml(r.user.languageCode ?? '—')}, last seen ${fmtDate(r.user.lastSeenAt ?? null)}` : ''}`,
      `• Clones: ${r.clones.length === 0 ? 'none' : r.clones.map((c) => `@${escapeHtml(c.botUsername)}${c.deletedAt ? ' (deleted)' : ''}`).join(', ')} — each with its encrypted token, subscription and its own database (your files and your bot's users)`,
      `• Payments: ${r.payments} (kept for accounting and refunds)`,
      `• Audit log entries of your actions: ${r.auditEvents}`,
      r.conversation ? '• A conversation in progress (e.g. the token wizard)' : '',
      '',
      'Deleting your data deletes your clones (their data is erased after the retention period) and your user record. Payments and the audit log are kept with your Telegram id only. Details: docs/privacy.md.',
    ].filter((l) => l !== '');
    await show(ctx, lines.join('\n'), [[button('🗑 Delete my data', DELETE)]]);
  });

  composer.action(DELETE, async (ctx) => {
    await answerCallback(ctx);
    await show(ctx, 'Delete your data and all your clones? This cannot be undone after the retention period.', [
      [button('🗑 Yes, delete everything', DELETE_OK), button('Keep it', KEEP)],
    ]);
  });
  composer.action(KEEP, async (ctx) => {
    await answerCallback(ctx, 'Nothing was deleted.');
    await show(ctx, 'Nothing was deleted.');
  });
  composer.action(DELETE_OK, async (ctx) => {
    const clones = await services.privacy.deleteAccount(ctx.from.id);
    await answerCallback(ctx, 'Deleted');
    await show(
      ctx,
      `Your data was deleted. ${clones} clone${clones === 1 ? '' : 's'} stopped and deleted; their data is erased in ${services.retention.retentionDays} days. ` +
        'If you write to me again, I will know your name again.',
    );
  });
  return composer;
}
