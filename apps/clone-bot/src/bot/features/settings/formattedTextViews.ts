/** The settings screens of the owner's formatted texts, the force-subscribe channels and discovery. */
import { CLONE_SETTINGS_LIMITS, DEFAULT_LOCALE, escapeHtml, type CloneSettingsDoc } from '@motherbot/core';
import { button, inlineKeyboard, type Screen } from '@motherbot/bot-kit';
import { cb } from '../../services/callbackData';
import { isDefaultWelcome, welcomeHtmlOf, welcomePlainOf } from '../../services/ownerTexts';
import { htmlTextLength } from '../../services/entitiesToHtml';
import { cloneTexts, type CloneTranslate } from '../../../i18n/texts';

/** The settings table shows screens without an update's locale: English until the table passes one. */
const EN: CloneTranslate = cloneTexts.forLocale(DEFAULT_LOCALE);
const back = (t: CloneTranslate) => [button(t('welcome.back'), cb.settings('main'))];

/** Room left in a message for the screen around the welcome it shows. */
const WELCOME_SHOWN_MAX = 3_500;

export function welcomeScreen(s: CloneSettingsDoc, t: CloneTranslate = EN): Screen {
  // A welcome near Telegram's limit would push the screen over it: then its start, as plain text.
  const html = isDefaultWelcome(s) ? escapeHtml(t('welcomeLocale.default')) : welcomeHtmlOf(s);
  const text = htmlTextLength(html) <= WELCOME_SHOWN_MAX ? html : escapeHtml(`${welcomePlainOf(s).slice(0, WELCOME_SHOWN_MAX)}…`);
  return {
    text: t('welcome.view', { text, photo: t(s.welcomePhotoFileId ? 'welcome.photoOn' : 'welcome.photoOff') }),
    keyboard: inlineKeyboard([
      [button(t('welcome.edit'), cb.settings('welcomeEdit')), button(t('welcome.reset'), cb.settings('welcomeReset'))],
      [button(t('welcome.photoButton'), cb.settings('welcomePhoto')), button(t('welcome.photoRemove'), cb.settings('welcomePhotoOff'))],
      [button(t('welcomeLocale.button'), cb.settings('wl'))],
      back(t),
    ]),
  };
}

export function forceSubScreen(s: CloneSettingsDoc, t: CloneTranslate = EN): Screen {
  const lines = s.forceSubChannels.map(
    (c, i) => `${i + 1}. ${escapeHtml(c.title)} <code>${c.chatId}</code> (${t(c.kind === 'request' ? 'forceSubscribe.kindRequest' : 'forceSubscribe.kindPublic')})`,
  );
  const state = (on: boolean): string => t(on ? 'forceSubscribe.on' : 'forceSubscribe.off');
  return {
    text: t('forceSubscribe.view', {
      max: CLONE_SETTINGS_LIMITS.forceSubChannelsMax,
      channels: lines.join('\n') || t('forceSubscribe.none'),
      auto: state(s.joinRequestAutoApprove),
      message: t(s.forceSubHtml ? 'forceSubscribe.ownMessage' : 'forceSubscribe.defaultMessage'),
    }),
    keyboard: inlineKeyboard([
      ...s.forceSubChannels.map((c) => [button(t('forceSubscribe.remove', { title: c.title }).slice(0, 60), cb.settings('fsRm', c.chatId))]),
      [button(t('forceSubscribe.add'), cb.settings('fsAdd')), button(t('forceSubscribe.addRequest'), cb.settings('fsAddReq'))],
      [button(t('forceSubscribe.autoButton', { state: state(s.joinRequestAutoApprove) }), cb.settings('fsAuto'))],
      [button(t('forceSubscribe.textButton'), cb.settings('fsText')), button(t('forceSubscribe.textReset'), cb.settings('fsTextReset'))],
      back(t),
    ]),
  };
}

export function discoveryScreen(s: CloneSettingsDoc, t: CloneTranslate = EN): Screen {
  const state = (on: boolean): string => t(on ? 'discovery.on' : 'discovery.offState');
  return {
    text: t('discovery.view', { recent: state(s.discoveryRecent), popular: state(s.discoveryPopular), random: state(s.discoveryRandom) }),
    keyboard: inlineKeyboard([
      [button(`${t('discovery.recent')}: ${state(s.discoveryRecent)}`, cb.settings('discRecent'))],
      [button(`${t('discovery.popular')}: ${state(s.discoveryPopular)}`, cb.settings('discPopular'))],
      [button(`${t('discovery.random')}: ${state(s.discoveryRandom)}`, cb.settings('discRandom'))],
      back(t),
    ]),
  };
}

/** A formatted text as users will see it, with Save and Cancel. */
export function previewScreen(filledHtml: string, t: CloneTranslate = EN): Screen {
  return {
    text: filledHtml,
    keyboard: inlineKeyboard([[button(t('welcome.save'), cb.settings('draftSave')), button(t('welcome.cancel'), cb.settings('draftCancel'))]]),
  };
}
