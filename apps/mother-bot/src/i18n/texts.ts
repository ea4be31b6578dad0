import type { Context } from 'telegraf';
import { Translator, type Translate } from '@motherbot/core';
import { localeOf } from '@motherbot/bot-kit';
import { en } from './en';
import { es } from './es';
import { hi } from './hi';

export type MotherCatalog = typeof en;
export type MotherTextKey = keyof MotherCatalog & string;
export type MotherTranslate = Translate<MotherCatalog>;

/** Every text of the mother bot, in English, Spanish and Hindi. */
export const motherTexts = new Translator<MotherCatalog>(en, { es, hi });

/** The texts in this update's locale (set by the locale middleware). */
export function tr(ctx: Context): MotherTranslate {
  return motherTexts.forLocale(localeOf(ctx));
}
