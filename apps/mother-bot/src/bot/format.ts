import { daysLeft, escapeHtml, fmtDate, type CloneDoc, type CloneView, type RunVerdict } from '@motherbot/core';

export { fmtDate };

export function fmtDuration(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 60) return `${min}m`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h}h ${min % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

const VERDICT_LINE: Record<Exclude<RunVerdict, 'ok'>, string> = {
  deleted: '🗑 deleted',
  suspended: '⛔ suspended by an admin',
  owner_banned: '⛔ owner banned',
  pending_approval: '🕒 waiting for an admin to approve it',
  rejected: '🚫 not approved by the admins',
  owner_stopped: '⏸ stopped',
  token_invalid: '⚠️ token rejected by Telegram — send a new token',
  crash_loop: '💥 kept crashing and was stopped — press Start to try again',
  expired: '⌛ subscription expired — renew to start it again',
};

const STATUS_LINE: Record<string, string> = {
  running: '🟢 running',
  starting: '🟡 starting',
  pending: '🟡 starting',
  errored: '🔴 not answering',
  stopped: '⏸ stopped',
  token_invalid: '⚠️ token rejected',
  crash_loop: '💥 crash loop',
};

export function statusLine(view: CloneView): string {
  if (view.verdict !== 'ok') return VERDICT_LINE[view.verdict];
  return STATUS_LINE[view.clone.status] ?? escapeHtml(view.clone.status);
}

export function botLine(clone: CloneDoc): string {
  return `🤖 @${escapeHtml(clone.botUsername)}${clone.botName ? ` (${escapeHtml(clone.botName)})` : ''}`;
}

/** The facts of a clone card, shared by the owner's and the admin's card. */
export function cloneFacts(view: CloneView, now: Date, planName?: string): string {
  const { clone, subscription } = view;
  const lines = [botLine(clone), `Status: ${statusLine(view)}`];
  if (subscription) {
    const plan = subscription.isTrial ? 'free trial' : escapeHtml(planName ?? subscription.planCode ?? 'paid');
    lines.push(`Plan: ${plan}`);
    const left = daysLeft(subscription.expiresAt, now);
    lines.push(`Expires: ${fmtDate(subscription.expiresAt)}${subscription.expiresAt > now ? ` (${left} day${left === 1 ? '' : 's'} left)` : ' (expired)'}`);
  } else {
    lines.push('Plan: none');
  }
  const started = clone.runtime?.startedAt;
  const uptime = clone.status === 'running' && started ? fmtDuration(Date.now() - new Date(started).getTime()) : '—';
  lines.push(`Uptime: ${uptime} · Restarts: ${clone.runtime?.restarts ?? 0}`);
  return lines.join('\n');
}
