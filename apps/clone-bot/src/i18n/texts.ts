import type { Context } from 'telegraf';
import { Translator, type Translate } from '@motherbot/core';
import { localeOf } from '@motherbot/bot-kit';
import { en } from './en';
import { es } from './es';
import { hi } from './hi';

export type CloneCatalog = typeof en;
export type CloneTextKey = keyof CloneCatalog & string;
export type CloneTranslate = Translate<CloneCatalog>;

/** Every text of the clone bot, in English, Spanish and Hindi. */
export const cloneTexts = new Translator<CloneCatalog>(en, { es, hi });

/** The texts in this update's locale (set by the locale middleware). */
export function tr(ctx: Context): CloneTranslate {
  return cloneTexts.forLocale(localeOf(ctx));
}
