import type { Translation } from '@motherbot/core';
import type { en } from '../en';
import { common } from './common';
import { deliver } from './deliver';
import { share } from './share';
import { albums } from './albums';
import { captions } from './captions';
import { channelIndex } from './channelIndex';
import { batch } from './batch';
import { language } from './language';
import { help } from './help';
import { privacy } from './privacy';
import { stats } from './stats';
import { broadcast } from './broadcast';
import { premium } from './premium';
import { premiumOwner } from './premiumOwner';
import { search } from './search';
import { fallback } from './fallback';
import { commands } from './commands';
import { welcomeLocale } from './welcomeLocale';
import { settings } from './settings';
import { settingsVerification } from './settingsVerification';
import { welcome } from './welcome';
import { forceSubscribe } from './forceSubscribe';
import { verification } from './verification';
import { discovery } from './discovery';
import { batchPages } from './batchPages';

/** The clone bot's texts in this language, area by area as in ../en. */
export const hi: Translation<typeof en> = {
  ...common,
  ...deliver,
  ...share,
  ...albums,
  ...captions,
  ...welcome,
  ...forceSubscribe,
  ...verification,
  ...discovery,
  ...batchPages,
  ...channelIndex,
  ...batch,
  ...language,
  ...help,
  ...privacy,
  ...stats,
  ...broadcast,
  ...premium,
  ...premiumOwner,
  ...search,
  ...fallback,
  ...commands,
  ...welcomeLocale,
  ...settings,
  ...settingsVerification,
};
