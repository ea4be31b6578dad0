import { escapeHtml, type CloneSettingsDoc } from '@motherbot/core';
import { isDefaultWelcome } from './ownerTexts';
import { cloneTexts } from '../../i18n/texts';

/**
 * The welcome for one language, as HTML with its person placeholders (`{first_name}`…) still to
 * fill: the owner's text for that language when they wrote one; else, while the owner has not
 * changed the main welcome at all, the default welcome in that language; else null (the owner's
 * main welcome is shown). The owner types it as plain text, so all of it is escaped: nothing in
 * it is markup.
 */
export function welcomeFor(settings: Pick<CloneSettingsDoc, 'welcomeByLocale' | 'welcomeText' | 'welcomeHtml'>, locale: string): string | null {
  const own = Object.prototype.hasOwnProperty.call(settings.welcomeByLocale ?? {}, locale) ? settings.welcomeByLocale[locale] : undefined;
  if (typeof own === 'string' && own.trim() !== '') return escapeHtml(own);
  return isDefaultWelcome(settings) && cloneTexts.has(locale) ? escapeHtml(cloneTexts.t(locale, 'welcomeLocale.default')) : null;
}
