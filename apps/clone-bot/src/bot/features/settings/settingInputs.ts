import { CLONE_SETTINGS_LIMITS, type OwnerAwaiting } from '@motherbot/core';
import { formatDuration, parseDuration } from '../../services/durations';
import { addChat } from './chatInput';
import { VERIFICATION_INPUTS } from './verificationInputs';
import { CAPTION_INPUTS } from './captionInputs';
import { FORMATTED_TEXT_INPUTS } from './formattedTextInputs';
import { WELCOME_LOCALE_INPUTS } from './welcomeLocaleInputs';
import type { InputResult, TypedValue } from './inputTypes';
import { adminsView, autoDeleteView } from './views';
import { addPremiumOffer } from './premiumOfferInput';
import { connectIndexChannel } from '../channelIndexSettings';
import { cloneTexts } from '../../../i18n/texts';

/** A value a settings button asks for: the question, and what the answer does. */
export interface SettingInput {
  prompt: string;
  accept: (input: TypedValue) => Promise<InputResult>;
}

/** Every value a settings button can ask the owner to type, by the step stored in the owner's session. */
export const SETTING_INPUTS: Record<OwnerAwaiting, SettingInput> = {
  ...VERIFICATION_INPUTS,
  ...CAPTION_INPUTS,
  ...FORMATTED_TEXT_INPUTS,
  ...WELCOME_LOCALE_INPUTS,
  channel: {
    prompt: 'Send the channel: its @username or numeric id (like -1001234567890), optionally followed by an invite link for private channels. You can also forward me a post from it. Make this bot an administrator there first. /cancel to stop.',
    accept: (input) => addChat(input, 'channel'),
  },
  admin: {
    prompt: 'Send the Telegram user id of the new clone admin (or forward me a message from them). /cancel to stop.',
    accept: async ({ rt, text, forwarded }) => {
      const id = forwarded?.type === 'user' ? forwarded.sender_user.id : /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : NaN;
      if (!Number.isSafeInteger(id) || id <= 0) return { done: false, error: 'That is not a Telegram user id (a number like 123456789).' };
      if (id === rt.deps.ownerId) return { done: false, error: 'That is you, the owner: you already can do everything.' };
      const s0 = await rt.settings.get();
      if (s0.adminIds.includes(id)) return { done: true, note: 'Already a clone admin.', screen: adminsView(s0) };
      if (s0.adminIds.length >= CLONE_SETTINGS_LIMITS.adminsMax) return { done: false, error: `At most ${CLONE_SETTINGS_LIMITS.adminsMax} clone admins.` };
      const s = await rt.settings.update({ adminIds: [...s0.adminIds, id] });
      return { done: true, note: `<code>${id}</code> is now a clone admin.`, screen: adminsView(s) };
    },
  },
  autodelete: {
    prompt: 'Send the delay, e.g. 30s, 10m, 2h or 1d (0 turns auto-delete off). /cancel to stop.',
    accept: async ({ rt, text }) => {
      const seconds = parseDuration(text);
      if (seconds === null || seconds > CLONE_SETTINGS_LIMITS.autoDeleteMaxSeconds) return { done: false, error: 'Send a delay like 30s, 10m, 2h or 1d (at most 7 days).' };
      const s = await rt.settings.update({ autoDeleteSeconds: seconds });
      return { done: true, note: seconds === 0 ? 'Auto-delete is off.' : `Delivered files will be deleted after ${formatDuration(seconds)}.`, screen: autoDeleteView(s) };
    },
  },
  storage: {
    prompt: 'Send the storage channel: its @username or numeric id. This bot must be an administrator there. /cancel to stop.',
    accept: (input) => addChat(input, 'storage'),
  },
  premiumOffer: {
    prompt: `Send the offer as two numbers: days of premium, then its price in Telegram Stars. For example "30 100" sells 30 days for 100 ⭐ (days 1 to ${CLONE_SETTINGS_LIMITS.premiumDaysMax}, price 1 to ${CLONE_SETTINGS_LIMITS.premiumStarsMax}). /cancel to stop.`,
    accept: addPremiumOffer,
  },
  indexChannel: {
    prompt: cloneTexts.t('en', 'channelIndex.prompt'),
    accept: connectIndexChannel,
  },
};
