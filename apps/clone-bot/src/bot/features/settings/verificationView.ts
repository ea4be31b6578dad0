/** The owner's screen for link verification, the shortener and the daily quota, in the manager's language. */
import { CLONE_SETTINGS_LIMITS, escapeHtml, type CloneSettingsDoc } from '@motherbot/core';
import { button, inlineKeyboard, type Screen } from '@motherbot/bot-kit';
import { cb } from '../../services/callbackData';
import { cloneTexts, type CloneTranslate } from '../../../i18n/texts';

const EN: CloneTranslate = cloneTexts.forLocale('en');

export function verificationView(s: CloneSettingsDoc, t: CloneTranslate = EN): Screen {
  const onOff = (on: boolean): string => t(on ? 'settings.on' : 'settings.off');
  const key = s.shortenerKeyHint ? `<code>${escapeHtml(s.shortenerKeyHint)}</code>` : t('settingsVerification.notSet');
  const shortener = s.shortenerApiUrl ? t('settingsVerification.shortenerSet', { host: escapeHtml(shortenerHost(s.shortenerApiUrl)), key }) : t('settingsVerification.notSet');
  const text = [
    t('settingsVerification.title'),
    t('settingsVerification.about'),
    '',
    t('settingsVerification.state', { state: onOff(s.verifyEnabled) }),
    t('settingsVerification.window', { hours: s.verifyWindowHours }),
    t('settingsVerification.shortener', { shortener }),
    t('settingsVerification.failMode', { mode: t(s.shortenerFailMode === 'deliver' ? 'settingsVerification.failDeliver' : 'settingsVerification.failRetry') }),
    t('settingsVerification.tutorial', { url: s.verifyTutorialUrl ? escapeHtml(s.verifyTutorialUrl) : t('settingsVerification.none') }),
    t('settingsVerification.limit', { limit: s.dailyFileQuota > 0 ? t('settingsVerification.limitPerUser', { count: s.dailyFileQuota }) : onOff(false) }),
  ].join('\n');
  const windows = CLONE_SETTINGS_LIMITS.verifyWindowsHours.map((h) => button(`${h === s.verifyWindowHours ? '✅ ' : ''}${t('settingsVerification.windowButton', { hours: h })}`, cb.settings('vfWin', h)));
  return {
    text,
    keyboard: inlineKeyboard([
      [button(t('settingsVerification.toggle', { state: onOff(s.verifyEnabled) }), cb.settings('vfToggle'))],
      windows,
      [button(t('settingsVerification.urlButton'), cb.settings('vfUrl')), button(t('settingsVerification.keyButton'), cb.settings('vfKey'))],
      [button(t('settingsVerification.failButton', { mode: t(s.shortenerFailMode === 'deliver' ? 'settingsVerification.failButtonDeliver' : 'settingsVerification.failButtonRetry') }), cb.settings('vfFail'))],
      [button(t('settingsVerification.tutorialButton'), cb.settings('vfTut')), button(t('settingsVerification.noTutorialButton'), cb.settings('vfTutOff'))],
      [button(t('settingsVerification.limitButton'), cb.settings('quota'))],
      [button(t('verification.textButton'), cb.settings('vfText')), button(t('verification.textReset'), cb.settings('vfTextReset'))],
      [button(t('settings.back'), cb.settings('main'))],
    ]),
  };
}

/** The host of the shortener only: a template may carry the key in its query, which is never shown. */
function shortenerHost(apiUrl: string): string {
  try {
    return new URL(apiUrl.replace(/\{url\}|\{key\}/g, 'x')).host;
  } catch {
    return '?';
  }
}
