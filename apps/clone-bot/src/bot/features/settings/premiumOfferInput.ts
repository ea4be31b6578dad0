import { randomInt } from 'node:crypto';
import { CLONE_SETTINGS_LIMITS } from '@motherbot/core';
import { tr } from '../../../i18n/texts';
import type { InputResult, TypedValue } from './inputTypes';
import { offerLabel, premiumView } from './views';

/**
 * A premium offer typed by the owner ("30 100": 30 days for 100 Stars). Each offer gets a new
 * random id, so an invoice sent for an offer that was removed since never matches another.
 */
export async function addPremiumOffer({ rt, ctx, text }: TypedValue): Promise<InputResult> {
  const t = tr(ctx);
  const match = /^\s*(\d{1,6})\s+(\d{1,6})\s*$/.exec(text);
  const days = Number(match?.[1]);
  const stars = Number(match?.[2]);
  const { premiumDaysMax, premiumStarsMax, premiumOffersMax } = CLONE_SETTINGS_LIMITS;
  if (!match || days < 1 || days > premiumDaysMax || stars < 1 || stars > premiumStarsMax) {
    return { done: false, error: t('settings.badOffer', { maxDays: premiumDaysMax, maxStars: premiumStarsMax }) };
  }
  const s0 = await rt.settings.get();
  if (s0.premiumOffers.length >= premiumOffersMax) return { done: false, error: t('settings.offersFull', { max: premiumOffersMax }) };
  let id = randomInt(1, 2 ** 31);
  while (s0.premiumOffers.some((o) => o.id === id)) id = randomInt(1, 2 ** 31);
  const s = await rt.settings.update({ premiumOffers: [...s0.premiumOffers, { id, days, stars }] });
  return { done: true, note: t('settings.offerAdded', { offer: offerLabel({ days, stars }, t) }), screen: premiumView(s, t) };
}
