/** The owner's screen for link verification, the shortener and the daily quota. */
import { CLONE_SETTINGS_LIMITS, escapeHtml, type CloneSettingsDoc } from '@motherbot/core';
import { button, inlineKeyboard, type Screen } from '@motherbot/bot-kit';
import { cb } from '../../services/callbackData';
import { cloneTexts } from '../../../i18n/texts';

export function verificationView(s: CloneSettingsDoc): Screen {
  const shortener = s.shortenerApiUrl ? `<code>${escapeHtml(shortenerHost(s.shortenerApiUrl))}</code>, key ${s.shortenerKeyHint ? `<code>${escapeHtml(s.shortenerKeyHint)}</code>` : 'not set'}` : 'not set';
  const text = [
    '🔐 <b>Verification and limits</b>',
    'With verification on, users pass your shortener once per window before they get files (you earn from the short link). Premium users, you and clone admins skip it.',
    '',
    `Verification: ${s.verifyEnabled ? 'on' : 'off'}`,
    `Window: ${s.verifyWindowHours} hours`,
    `Shortener: ${shortener}`,
    `If the shortener fails: ${s.shortenerFailMode === 'deliver' ? 'give users the file' : 'ask users to try again'}`,
    `Tutorial link: ${s.verifyTutorialUrl ? escapeHtml(s.verifyTutorialUrl) : 'none'}`,
    `Daily limit: ${s.dailyFileQuota > 0 ? `${s.dailyFileQuota} file links per user per day` : 'off'}`,
  ].join('\n');
  const windows = CLONE_SETTINGS_LIMITS.verifyWindowsHours.map((h) => button(`${h === s.verifyWindowHours ? '✅ ' : ''}${h} h`, cb.settings('vfWin', h)));
  return {
    text,
    keyboard: inlineKeyboard([
      [button(`Verification: ${s.verifyEnabled ? 'on' : 'off'}`, cb.settings('vfToggle'))],
      windows,
      [button('Shortener URL', cb.settings('vfUrl')), button('Shortener key', cb.settings('vfKey'))],
      [button(`On failure: ${s.shortenerFailMode === 'deliver' ? 'give file' : 'try again'}`, cb.settings('vfFail'))],
      [button('Tutorial link', cb.settings('vfTut')), button('No tutorial', cb.settings('vfTutOff'))],
      [button('📊 Daily limit', cb.settings('quota'))],
      [button(cloneTexts.t('en', 'verification.textButton'), cb.settings('vfText')), button(cloneTexts.t('en', 'verification.textReset'), cb.settings('vfTextReset'))],
      [button('⬅️ Back', cb.settings('main'))],
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
