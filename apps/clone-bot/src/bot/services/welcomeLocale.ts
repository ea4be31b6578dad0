import { escapeHtml, type CloneSettingsDoc } from '@motherbot/core';

/**
 * The owner's welcome for one language, as HTML with its person placeholders (`{first_name}`…)
 * still to fill, or null when the owner wrote none for that language (then the main welcome is
 * shown). The owner types it as plain text, so all of it is escaped: nothing in it is markup.
 */
export function welcomeFor(settings: Pick<CloneSettingsDoc, 'welcomeByLocale'>, locale: string): string | null {
  const own = Object.prototype.hasOwnProperty.call(settings.welcomeByLocale ?? {}, locale) ? settings.welcomeByLocale[locale] : undefined;
  return typeof own === 'string' && own.trim() !== '' ? escapeHtml(own) : null;
}
