import { daysLeft, escapeHtml, fmtDate, type CloneDoc, type CloneView } from '@motherbot/core';
import type { MotherTextKey, MotherTranslate } from '../i18n/texts';

export { fmtDate };

/** A length of time in the reader's language, in its largest two units (minutes under an hour, days from 48 hours). */
export function fmtDuration(ms: number, t: MotherTranslate): string {
  const min = Math.floor(ms / 60_000);
  if (min < 60) return t('duration.minutes', { minutes: min });
  const h = Math.floor(min / 60);
  if (h < 48) return t('duration.hours', { count: h, minutes: min % 60 });
  return t('duration.days', { count: Math.floor(h / 24), hours: h % 24 });
}

const STATUS_KEY: Record<string, MotherTextKey> = {
  running: 'status.running',
  starting: 'status.starting',
  pending: 'status.starting',
  errored: 'status.errored',
  stopped: 'status.stopped',
  token_invalid: 'status.token_invalid',
  crash_loop: 'status.crash_loop',
};

export function statusLine(t: MotherTranslate, view: CloneView): string {
  if (view.verdict !== 'ok') return t(`verdict.${view.verdict}`);
  const key = STATUS_KEY[view.clone.status];
  return key ? t(key) : escapeHtml(view.clone.status);
}

export function botLine(clone: CloneDoc): string {
  return `🤖 @${escapeHtml(clone.botUsername)}${clone.botName ? ` (${escapeHtml(clone.botName)})` : ''}`;
}

/** The facts of a clone card, shared by the owner's and the admin's card. */
export function cloneFacts(t: MotherTranslate, view: CloneView, now: Date, planName?: string): string {
  const { clone, subscription } = view;
  const lines = [botLine(clone), t('card.status', { status: statusLine(t, view) })];
  if (subscription) {
    const plan = subscription.isTrial ? t('card.trial') : escapeHtml(planName ?? subscription.planCode ?? t('card.paid'));
    lines.push(t('card.plan', { plan }));
    const date = fmtDate(subscription.expiresAt);
    lines.push(subscription.expiresAt > now ? t('card.expiresLeft', { date, count: daysLeft(subscription.expiresAt, now) }) : t('card.expired', { date }));
  } else {
    lines.push(t('card.noPlan'));
  }
  const started = clone.runtime?.startedAt;
  const uptime = clone.status === 'running' && started ? fmtDuration(Date.now() - new Date(started).getTime(), t) : '—';
  lines.push(t('card.uptime', { uptime, restarts: clone.runtime?.restarts ?? 0 }));
  if (view.placedOn !== undefined) lines.push(view.placedOn ? t('card.host', { host: escapeHtml(view.placedOn) }) : t('card.noHost'));
  return lines.join('\n');
}
