import { Composer, type Context } from 'telegraf';
import { escapeHtml } from '@motherbot/core';
import { answerCallback, button } from '@motherbot/bot-kit';
import type { MotherBotDeps } from '../context';
import { fmtDate } from '../format';
import { show } from '../screen';
import { motherTexts, tr } from '../../i18n/texts';

const DELETE = 'priv:del';
const DELETE_OK = 'priv:delok';
const KEEP = 'priv:keep';

/** `/privacy`: what the mother stores about you, and deleting it (with confirmation). */
export function privacyFeature(deps: MotherBotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { services } = deps;

  composer.command('privacy', async (ctx) => {
    const t = tr(ctx);
    const r = await services.privacy.report(ctx.from.id);
    const chosen = deps.locales.choices.get(ctx.from.id);
    const clones = r.clones.map((c) => (c.deletedAt ? t('privacy.deletedClone', { bot: `@${escapeHtml(c.botUsername)}` }) : `@${escapeHtml(c.botUsername)}`));
    const lines = [
      t('privacy.title'),
      r.user
        ? t('privacy.user', {
            id: ctx.from.id,
            name: escapeHtml(r.user.firstName ?? ''),
            username: r.user.username ? `, @${escapeHtml(r.user.username)}` : '',
            language: escapeHtml(r.user.languageCode ?? '—'),
            date: fmtDate(r.user.lastSeenAt ?? null),
          })
        : t('privacy.userUnknown', { id: ctx.from.id }),
      t('privacy.clones', { clones: clones.length === 0 ? t('common.none') : clones.join(', ') }),
      t('privacy.payments', { count: r.payments }),
      t('privacy.audit', { count: r.auditEvents }),
      r.conversation ? t('privacy.conversation') : '',
      chosen ? t('privacy.languageChoice', { language: motherTexts.t(chosen, 'language.name') }) : '',
      '',
      t('privacy.explain'),
    ].filter((l) => l !== '');
    await show(ctx, lines.join('\n'), [[button(t('privacy.deleteButton'), DELETE)]]);
  });

  composer.action(DELETE, async (ctx) => {
    const t = tr(ctx);
    await answerCallback(ctx);
    await show(ctx, t('privacy.confirm'), [[button(t('privacy.yesDelete'), DELETE_OK), button(t('privacy.keep'), KEEP)]]);
  });
  composer.action(KEEP, async (ctx) => {
    const t = tr(ctx);
    await answerCallback(ctx, t('privacy.nothingDeleted'));
    await show(ctx, t('privacy.nothingDeleted'));
  });
  composer.action(DELETE_OK, async (ctx) => {
    const t = tr(ctx);
    const clones = await services.privacy.deleteAccount(ctx.from.id);
    // The language choice goes with the rest; this answer is still in the language the user read.
    await deps.locales.choices.set(ctx.from.id, null);
    await answerCallback(ctx, t('common.deleted'));
    await show(ctx, t('privacy.deletedDone', { count: clones, days: services.retention.retentionDays }));
  });
  return composer;
}
