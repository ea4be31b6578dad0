import type { Translation } from '@motherbot/core';
import type { en } from '../en';
import { admin } from './admin';
import { clones } from './clones';
import { common } from './common';
import { language } from './language';
import { notifications } from './notifications';
import { onboarding } from './onboarding';
import { ops } from './ops';
import { payments } from './payments';
import { platform } from './platform';
import { privacy } from './privacy';
import { referral } from './referral';
import { start } from './start';
import { webhooks } from './webhooks';
import { alerts } from './alerts';
import { backup } from './backup';
import { readiness } from './readiness';
import { cloneErrors } from './cloneErrors';
import { duration } from './duration';

/** The mother bot's texts in this language, area by area as in ../en. */
export const hi: Translation<typeof en> = {
  ...common,
  ...language,
  ...start,
  ...onboarding,
  ...clones,
  ...payments,
  ...referral,
  ...privacy,
  ...notifications,
  ...admin,
  ...platform,
  ...ops,
  ...webhooks,
  ...alerts,
  ...backup,
  ...readiness,
  ...cloneErrors,
  ...duration,
};
