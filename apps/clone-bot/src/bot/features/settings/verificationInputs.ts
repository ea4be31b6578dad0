import { CLONE_SETTINGS_LIMITS, escapeHtml, type CloneSettingsDoc } from '@motherbot/core';
import type { CloneRuntime } from '../../context';
import type { SettingInput } from './settingInputs';
import { isValidShortenerUrl, shortenUrl, ShortenerError } from '../../services/shortener';
import { keyHint, sealShortenerKey, shortenerOf } from '../../services/shortenerSettings';
import { shortenerFailureText } from '../../services/shortenerFailureText';
import { tr, type CloneTranslate } from '../../../i18n/texts';
import { verificationView } from './verificationView';

/** The values of the verification screen the owner types: shortener URL and key, tutorial link, daily limit. */
export const VERIFICATION_INPUTS = {
  shortenerUrl: {
    prompt: (t) => t('settingsVerification.urlPrompt'),
    accept: async ({ rt, ctx, text }) => {
      const t = tr(ctx);
      const value = text.trim();
      if (value.length > 500 || !isValidShortenerUrl(value)) return { done: false, error: t('settingsVerification.notWebAddress') };
      if (value.includes('{key}') && !value.includes('{url}')) return { done: false, error: t('settingsVerification.needsUrl') };
      const s = await rt.settings.update({ shortenerApiUrl: value });
      // A new URL with the key already saved is tested too, so a typo shows up now, not through users.
      const note = s.shortenerKey ? `${t('settings.saved')}\n${await testShortening(rt, s, t)}` : t('settingsVerification.savedSetKey');
      return { done: true, note, screen: verificationView(s, t) };
    },
  },
  shortenerKey: {
    prompt: (t) => t('settingsVerification.keyPrompt'),
    accept: async ({ rt, ctx, text }) => {
      const t = tr(ctx);
      // The key should not stay in the chat: deleted before anything else.
      await ctx.deleteMessage().catch(() => undefined);
      const key = text.trim();
      // At least twice the 4 characters shown back, so the hint never shows the whole key.
      if (!/^\S{8,200}$/.test(key)) return { done: false, error: t('settingsVerification.badKey') };
      if (!rt.deps.cloneKey) return { done: false, error: t('settingsVerification.noSecrets') };
      const s0 = await rt.settings.update({ shortenerKey: sealShortenerKey(rt.deps.cloneKey, rt.deps.cloneId, key), shortenerKeyHint: keyHint(key) });
      const check = s0.shortenerApiUrl ? await testShortening(rt, s0, t) : t('settingsVerification.setUrlToo');
      return { done: true, note: t('settingsVerification.keySaved', { hint: escapeHtml(keyHint(key)), check }), screen: verificationView(s0, t) };
    },
  },
  verifyTutorial: {
    prompt: (t) => t('settingsVerification.tutorialPrompt'),
    accept: async ({ rt, ctx, text }) => {
      const t = tr(ctx);
      const value = text.trim();
      if (value.length > 500 || !/^https?:\/\/\S+$/.test(value) || !isValidShortenerUrl(value)) return { done: false, error: t('settingsVerification.notHttps') };
      const s = await rt.settings.update({ verifyTutorialUrl: value });
      return { done: true, note: t('settings.saved'), screen: verificationView(s, t) };
    },
  },
  quota: {
    prompt: (t) => t('settingsVerification.quotaPrompt', { max: CLONE_SETTINGS_LIMITS.dailyFileQuotaMax }),
    accept: async ({ rt, ctx, text }) => {
      const t = tr(ctx);
      const value = /^\s*\d{1,6}\s*$/.test(text) ? Number(text.trim()) : NaN;
      if (!Number.isInteger(value) || value > CLONE_SETTINGS_LIMITS.dailyFileQuotaMax) return { done: false, error: t('settingsVerification.badQuota', { max: CLONE_SETTINGS_LIMITS.dailyFileQuotaMax }) };
      const s = await rt.settings.update({ dailyFileQuota: value });
      return { done: true, note: value === 0 ? t('settingsVerification.quotaOff') : t('settingsVerification.quotaSet', { count: value }), screen: verificationView(s, t) };
    },
  },
} satisfies Record<'shortenerUrl' | 'shortenerKey' | 'verifyTutorial' | 'quota', SettingInput>;

/**
 * One test shortening with the saved URL and key: tells the owner now, not through their users,
 * that the URL or the key is wrong. The owner's answer, in their language.
 */
async function testShortening(rt: CloneRuntime, s: CloneSettingsDoc, t: CloneTranslate): Promise<string> {
  const config = shortenerOf(s, rt.deps.cloneKey, rt.deps.cloneId);
  if (!config) return t('settingsVerification.testFailed', { reason: escapeHtml(shortenerFailureText(t, null)) });
  try {
    await shortenUrl(config, `https://t.me/${rt.deps.botUsername}`, { timeoutMs: rt.deps.shortenerTimeoutMs, allowInternal: rt.deps.shortenerAllowInternal });
    return t('settingsVerification.tested');
  } catch (error) {
    if (!(error instanceof ShortenerError)) throw error;
    return t('settingsVerification.testFailed', { reason: escapeHtml(shortenerFailureText(t, error)) });
  }
}
