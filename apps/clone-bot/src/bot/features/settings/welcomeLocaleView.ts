import { escapeHtml, type CloneSettingsDoc } from '@motherbot/core';
import { button, inlineKeyboard, type Screen } from '@motherbot/bot-kit';
import { cb } from '../../services/callbackData';
import { cloneTexts, type CloneTranslate } from '../../../i18n/texts';
import { WELCOME_LOCALE_EDIT, type WelcomeLocale } from './welcomeLocaleKeys';

const PREVIEW = 120;

/**
 * The welcome per language: each language of the catalogs with the owner's text for it (or "the
 * main welcome text"), a button to write it and, when there is one, a button to remove it.
 */
export function welcomeLocaleView(s: CloneSettingsDoc, t: CloneTranslate = cloneTexts.forLocale('en')): Screen {
  const lines = cloneTexts.locales.map((locale) => {
    const own = s.welcomeByLocale?.[locale];
    const text = own ? escapeHtml(own.length > PREVIEW ? `${own.slice(0, PREVIEW)}…` : own) : t('welcomeLocale.unset');
    return t('welcomeLocale.line', { language: cloneTexts.t(locale, 'language.name'), text });
  });
  const rows = cloneTexts.locales.map((locale, i) => {
    const language = cloneTexts.t(locale, 'language.name');
    const row = [button(t('welcomeLocale.edit', { language }), cb.settings(WELCOME_LOCALE_EDIT[locale as WelcomeLocale] ?? 'wl'))];
    if (s.welcomeByLocale?.[locale]) row.push(button(t('welcomeLocale.reset', { language }), cb.settings('wlRm', i)));
    return row;
  });
  return {
    text: `${t('welcomeLocale.title')}\n\n${lines.join('\n')}`,
    keyboard: inlineKeyboard([...rows, [button(t('welcomeLocale.back'), cb.settings('welcome'))]]),
  };
}
