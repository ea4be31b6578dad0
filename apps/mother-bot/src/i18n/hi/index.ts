import type { Translation } from '@motherbot/core';
import type { en } from '../en';
import { common } from './common';

/** The mother bot's texts in this language, area by area as in ../en. */
export const hi: Translation<typeof en> = {
  ...common,
};
