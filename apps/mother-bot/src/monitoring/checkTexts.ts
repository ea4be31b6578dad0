import { escapeHtml, type HealthCheck } from '@motherbot/core';
import type { MotherTextKey, MotherTranslate } from '../i18n/texts';
import { escapeParams } from './alertTexts';

/** A state-like check (no figures to show, one sentence per state) and its catalog text. */
const STATE_TEXTS: Readonly<Record<string, MotherTextKey>> = {
  standby: 'health.botStandby',
  webhook: 'health.botWebhook',
  polling: 'health.botPolling',
  noWebhook: 'health.botNoWebhook',
  notPolling: 'health.botNotPolling',
  never: 'health.reconcileNever',
};

/** The catalog text of a known check's figures; undefined for an unknown check or one without figures. */
function detailKey(check: HealthCheck): MotherTextKey | undefined {
  const figures = check.figures;
  if (!figures) return undefined;
  if (typeof figures.state === 'string') return STATE_TEXTS[figures.state];
  if (check.name === 'database') return check.status === 'warn' ? 'health.databaseSlow' : 'health.database';
  if (check.name.startsWith('disk:')) return 'health.disk';
  const keys: Readonly<Record<string, MotherTextKey>> = { pm2: 'health.pm2', reconcile: 'health.reconcile', cpu: 'health.cpu', memory: 'health.memory', eventLoop: 'health.eventLoop' };
  return keys[check.name];
}

/** A known check's name in the reader's language; an unknown one as the probe named it. */
export function checkName(check: HealthCheck, t: MotherTranslate): string {
  if (check.name.startsWith('disk:')) return t('health.name.disk', { disk: escapeHtml(check.name.slice(5)) });
  const names: Readonly<Record<string, MotherTextKey>> = {
    database: 'health.name.database',
    botPolling: 'health.name.botPolling',
    pm2: 'health.name.pm2',
    reconcile: 'health.name.reconcile',
    cpu: 'health.name.cpu',
    memory: 'health.name.memory',
    eventLoop: 'health.name.eventLoop',
  };
  const key = names[check.name];
  return key ? t(key) : escapeHtml(check.name);
}

/**
 * One check's detail, as HTML, in the reader's language: its figures through the catalog. An
 * unknown check, or a failed probe whose message is an error's own text, shows that message.
 */
export function checkDetail(check: HealthCheck, t: MotherTranslate): string {
  const key = detailKey(check);
  return key ? t(key, escapeParams(check.figures)) : escapeHtml(check.message);
}
