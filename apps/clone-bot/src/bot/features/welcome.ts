import { Composer, type Context, type MiddlewareFn } from 'telegraf';
import { button, inlineKeyboard, localeOf, type Rows } from '@motherbot/bot-kit';
import type { CloneSettingsDoc } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import { fillPersonHtml } from '../welcomeText';
import { cb } from '../services/callbackData';
import { htmlTextLength, isBlankHtml } from '../services/entitiesToHtml';
import { CAPTION_MAX, rememberPerson, welcomeHtmlOf } from '../services/ownerTexts';
import { welcomeFor } from '../services/welcomeLocale';
import { tr, type CloneTranslate } from '../../i18n/texts';
import { welcomeScreen } from './settings/formattedTextViews';

/** The discovery buttons the owner turned on, one row. */
function discoveryRow(s: CloneSettingsDoc, t: CloneTranslate): Rows {
  const row = [];
  if (s.discoveryRecent) row.push(button(t('discovery.recent'), cb.discovery('recent')));
  if (s.discoveryPopular) row.push(button(t('discovery.popular'), cb.discovery('popular')));
  if (s.discoveryRandom) row.push(button(t('discovery.random'), cb.discovery('random')));
  return row.length > 0 ? [row] : [];
}

/**
 * `/start` without a payload: the owner's welcome (formatted, placeholders filled and escaped),
 * with the welcome photo when there is one (the text as its caption, or after the photo when it
 * is longer than a caption may be), the discovery buttons the owner turned on, and for managers
 * a settings button. Also takes the welcome photo a manager sends after "Set photo".
 */
export function welcomeFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();
  composer.start(async (ctx, next) => {
    if (ctx.payload) return next();
    const t = tr(ctx);
    const s = await rt.settings.get();
    // The owner's welcome for the user's language when there is one, else the main (formatted) one.
    const filled = fillPersonHtml(welcomeFor(s, localeOf(ctx)) ?? welcomeHtmlOf(s), ctx.from);
    const html = isBlankHtml(filled) ? t('welcome.fallback') : filled;
    const rows = discoveryRow(s, t);
    if (await rt.isManager(ctx.from.id)) rows.push([button(t('welcome.settingsButton'), cb.settings('main'))]);
    const markup = rows.length > 0 ? { reply_markup: inlineKeyboard(rows) } : {};
    if (s.welcomePhotoFileId) {
      const asCaption = htmlTextLength(html) <= CAPTION_MAX;
      const sent = await ctx
        .replyWithPhoto(s.welcomePhotoFileId, asCaption ? { caption: html, parse_mode: 'HTML', ...markup } : {})
        .then(() => true)
        .catch((error: unknown) => {
          rt.deps.logger.warn('welcome photo could not be sent; text only', { error });
          return false;
        });
      if (sent && asCaption) return;
    }
    await ctx.reply(html, { parse_mode: 'HTML', ...markup });
  });

  composer.on('photo', async (ctx, next) => {
    if (!(await rt.isManager(ctx.from.id))) return next();
    const session = await rt.data.sessions.get(ctx.from.id);
    if (session?.awaiting !== 'welcomePhoto') return next();
    const largest = ctx.message.photo[ctx.message.photo.length - 1];
    if (!largest) return next();
    await rt.data.sessions.setAwaiting(ctx.from.id, null);
    const s = await rt.settings.update({ welcomePhotoFileId: largest.file_id });
    const t = tr(ctx);
    await ctx.reply(t('welcome.photoSaved'));
    const screen = welcomeScreen(s, t);
    await ctx.reply(screen.text, { parse_mode: 'HTML', ...(screen.keyboard ? { reply_markup: screen.keyboard } : {}) });
  });
  return composer;
}

/** Remembers who sent each update: a link's gate may greet them by name in the owner's text (ownerTexts.ts). */
export function rememberSenders(rt: CloneRuntime): MiddlewareFn<Context> {
  return (ctx, next) => {
    rememberPerson(rt, ctx.from);
    return next();
  };
}
