import { CLONE_SETTINGS_LIMITS, escapeHtml } from '@motherbot/core';
import type { SettingInput } from './settingInputs';
import { isValidShortenerUrl, shortenUrl, ShortenerError } from '../../services/shortener';
import { keyHint, sealShortenerKey, shortenerOf } from '../../services/shortenerSettings';
import { verificationView } from './verificationView';

/** The values of the verification screen the owner types: shortener URL and key, tutorial link, daily limit. */
export const VERIFICATION_INPUTS = {
  shortenerUrl: {
    prompt:
      'Send your shortener\'s API URL: either its base (like https://short.example, used as <base>/api?api=KEY&url=LINK), or a template with {url} and {key} (like https://short.example/api?token={key}&link={url}). /cancel to stop.',
    accept: async ({ rt, text }) => {
      const value = text.trim();
      if (value.length > 500 || !isValidShortenerUrl(value)) return { done: false, error: 'That is not a web address (it must start with https:// or http://).' };
      if (value.includes('{key}') && !value.includes('{url}')) return { done: false, error: 'A template needs the {url} placeholder.' };
      const s = await rt.settings.update({ shortenerApiUrl: value });
      return { done: true, note: s.shortenerKey ? 'Saved.' : 'Saved. Now set the API key.', screen: verificationView(s) };
    },
  },
  shortenerKey: {
    prompt: 'Send your shortener\'s API key. I delete your message at once and keep the key encrypted; only its last 4 characters are ever shown. /cancel to stop.',
    accept: async ({ rt, ctx, text }) => {
      // The key should not stay in the chat: deleted before anything else.
      await ctx.deleteMessage().catch(() => undefined);
      const key = text.trim();
      if (!/^\S{4,200}$/.test(key)) return { done: false, error: 'That does not look like an API key (4 to 200 characters, no spaces).' };
      if (!rt.deps.cloneKey) return { done: false, error: 'This bot cannot store secrets right now. Please try again later.' };
      const s0 = await rt.settings.update({ shortenerKey: sealShortenerKey(rt.deps.cloneKey, rt.deps.cloneId, key), shortenerKeyHint: keyHint(key) });
      // A test shortening tells the owner now, not through their users, that the URL or key is wrong.
      const config = shortenerOf(s0, rt.deps.cloneKey, rt.deps.cloneId);
      let check = 'Set the shortener URL too, then I can test it.';
      if (config) {
        try {
          await shortenUrl(config, `https://t.me/${rt.deps.botUsername}`, rt.deps.shortenerTimeoutMs);
          check = 'I tested it: the shortener works.';
        } catch (error) {
          if (!(error instanceof ShortenerError)) throw error;
          check = `⚠️ I tested it and it failed: ${escapeHtml(error.message)}. Check the URL and the key.`;
        }
      }
      return { done: true, note: `Key saved (<code>${escapeHtml(keyHint(key))}</code>). ${check}`, screen: verificationView(s0) };
    },
  },
  verifyTutorial: {
    prompt: 'Send the link of your "how to verify" tutorial (a post or video). /cancel to stop.',
    accept: async ({ rt, text }) => {
      const value = text.trim();
      if (value.length > 500 || !/^https?:\/\/\S+$/.test(value) || !isValidShortenerUrl(value)) return { done: false, error: 'That is not a web address (it must start with https://).' };
      const s = await rt.settings.update({ verifyTutorialUrl: value });
      return { done: true, note: 'Saved.', screen: verificationView(s) };
    },
  },
  quota: {
    prompt: `Send how many file links a user may open per day (0 turns the limit off, at most ${CLONE_SETTINGS_LIMITS.dailyFileQuotaMax}). Premium users, you and clone admins have no limit. /cancel to stop.`,
    accept: async ({ rt, text }) => {
      const value = /^\s*\d{1,6}\s*$/.test(text) ? Number(text.trim()) : NaN;
      if (!Number.isInteger(value) || value > CLONE_SETTINGS_LIMITS.dailyFileQuotaMax) return { done: false, error: `Send a whole number from 0 to ${CLONE_SETTINGS_LIMITS.dailyFileQuotaMax}.` };
      const s = await rt.settings.update({ dailyFileQuota: value });
      return { done: true, note: value === 0 ? 'The daily limit is off.' : `Users may open ${value} file link${value === 1 ? '' : 's'} per day.`, screen: verificationView(s) };
    },
  },
} satisfies Record<'shortenerUrl' | 'shortenerKey' | 'verifyTutorial' | 'quota', SettingInput>;
