import { alertModel, cloneModel, DAY_MS, subscriptionModel, dueReminder, auditEventModel, errorRecordModel, userModel, leaseModel } from '@motherbot/core';
import { ago, dbOf, fail, listSome, pass, plural, type CheckResult, type ProcessSnapshot, type ReadinessInputs } from './inputs';
import { motherLogEntries, motherUnderPm2 } from './logFiles';

interface StatusJson {
  checks?: Array<{ name?: string; status?: string; message?: string; value?: number }>;
  samples?: Array<{ t?: number }>;
}

/** `/status.json` of the mother's status server (with STATUS_TOKEN), parsed; or why not. */
async function statusJson(inputs: ReadinessInputs): Promise<{ report: StatusJson; where: string } | { problem: string }> {
  const where = `http://${inputs.config.httpHost}:${inputs.config.httpPort}/status.json`;
  try {
    const answer = await inputs.httpGet('/status.json');
    if (answer.status !== 200) return { problem: `${where} answers ${answer.status}` };
    return { report: JSON.parse(answer.body) as StatusJson, where };
  } catch (error) {
    return { problem: `${where} does not answer (${(error as Error).message}): is the mother running?` };
  }
}

/** The host probes the mother must run: CPU load, host memory, free disk under DATA_DIR and LOG_DIR. */
const RESOURCE_PROBES = ['cpu', 'memory', 'disk:data', 'disk:logs'] as const;

/**
 * The mother really measures CPU, memory and disk: its status report carries each probe with
 * a measured value and a limit, and none of them fails now.
 */
export async function checkResourceProbes(inputs: ReadinessInputs): Promise<CheckResult> {
  const got = await statusJson(inputs);
  if ('problem' in got) return fail(got.problem);
  const checks = got.report.checks ?? [];
  const problems: string[] = [];
  const seen: string[] = [];
  for (const name of RESOURCE_PROBES) {
    const probe = checks.find((c) => c.name === name);
    if (!probe) problems.push(`no ${name} probe`);
    else if (typeof probe.value !== 'number' || !/(limit|minimum)/.test(probe.message ?? '')) problems.push(`${name} probe has no measured value or no limit ("${probe.message ?? ''}")`);
    else if (probe.status === 'fail') problems.push(`${name} fails: ${probe.message}`);
    if (probe) seen.push(`${name} ${probe.status}: ${probe.message}`);
  }
  const detail = `${got.where}: ${seen.join('; ')}`;
  return problems.length === 0 ? pass(detail) : fail(`${problems.join('; ')}; ${detail}`);
}

/**
 * The watchers that turn those probes into alerts run, on sane thresholds: the status report's
 * newest sample (one per watch pass) is recent, and every resource threshold can fire.
 */
export async function checkWatchers(inputs: ReadinessInputs): Promise<CheckResult> {
  const { config, now } = inputs;
  const problems: string[] = [];
  const thresholds: Array<[string, number, number, number]> = [
    ['ALERT_CPU_LOAD_PERCENT', config.alertCpuLoadPercent, 1, 1000],
    ['ALERT_MEMORY_PERCENT', config.alertMemoryPercent, 1, 99],
    ['ALERT_DISK_FREE_PERCENT', config.alertDiskFreePercent, 1, 99],
    ['ALERT_CLONE_MEMORY_PERCENT', config.alertCloneMemoryPercent, 1, 100],
  ];
  for (const [name, value, min, max] of thresholds) if (value < min || value > max) problems.push(`${name}=${value} can never fire (${min}–${max})`);
  const got = await statusJson(inputs);
  let watched: string;
  if ('problem' in got) {
    problems.push(got.problem);
    watched = 'watch passes not seen';
  } else {
    const newest = Math.max(0, ...(got.report.samples ?? []).map((s) => s.t ?? 0));
    const maxAge = 3 * config.watchIntervalMs + 60_000;
    watched = newest > 0 ? `newest watch pass sample ${ago(new Date(newest), now)} (every ${config.watchIntervalMs / 1000} s) in ${got.where}` : `no watch pass sample in ${got.where}`;
    if (newest === 0 || now.getTime() - newest > maxAge) problems.push('the watchers have not run recently');
  }
  const detail = `${thresholds.map(([n, v]) => `${n}=${v}`).join(', ')}; ${watched}`;
  return problems.length === 0 ? pass(detail) : fail(`${problems.join('; ')}; ${detail}`);
}

/**
 * ADMIN_IDS names real admins who can be reached: each is a user who has opened the mother bot
 * (Telegram refuses a bot's first message to anyone else, so an alert to them is lost) and is
 * not banned. An id nobody has used is a typo or a person who never started the bot.
 */
export async function checkAdminsKnown(inputs: ReadinessInputs): Promise<CheckResult> {
  const { config, now } = inputs;
  if (config.adminIds.length === 0) return fail('ADMIN_IDS is empty: nobody gets /admin or the alerts');
  const users = userModel(dbOf(inputs));
  const problems: string[] = [];
  const seen: string[] = [];
  for (const id of config.adminIds) {
    const user = await users.findById(String(id), { lastSeenAt: 1, banned: 1, username: 1 }).lean();
    if (!user) problems.push(`admin ${id} has never opened the mother bot: alerts to them are refused by Telegram`);
    else if (user.banned) problems.push(`admin ${id} is banned`);
    else seen.push(`${id}${user.username ? ` (@${user.username})` : ''} last seen ${user.lastSeenAt ? ago(new Date(user.lastSeenAt), now) : 'never'}`);
  }
  const detail = `${plural(config.adminIds.length, 'admin')} in ADMIN_IDS, looked up in users: ${seen.join(', ') || 'none known'}`;
  return problems.length === 0 ? pass(detail) : fail(`${problems.join('; ')}; ${detail}`);
}

const AUDIT_WINDOW_DAYS = 30;

/** Every admin action of the last 30 days in the audit log was taken by someone in ADMIN_IDS. */
export async function checkAdminActions(inputs: ReadinessInputs): Promise<CheckResult> {
  const { config, now } = inputs;
  const since = new Date(now.getTime() - AUDIT_WINDOW_DAYS * DAY_MS);
  const events = await auditEventModel(dbOf(inputs)).find({ actorRole: 'admin', at: { $gte: since } }, { actorId: 1 }).lean();
  const strangers = [...new Set(events.map((e) => e.actorId).filter((id) => !config.adminIds.includes(id)))];
  const detail = `${plural(events.length, 'admin action')} in audit_events over ${AUDIT_WINDOW_DAYS} days, by ${new Set(events.map((e) => e.actorId)).size} actor(s)`;
  return strangers.length === 0 ? pass(`${detail}, all in ADMIN_IDS`) : fail(`admin actions by user(s) not in ADMIN_IDS: ${listSome(strangers.map(String))}; ${detail}`);
}

const DELIVERY_WINDOW_DAYS = 7;

/**
 * Alerts reach the admins: the mother's logs of the last week hold no "alert not delivered"
 * line (each failed send to an admin is logged), and the alert state is stored (`alerts`).
 */
export async function checkAlertsDelivered(inputs: ReadinessInputs, snapshot: ProcessSnapshot): Promise<CheckResult> {
  const { now } = inputs;
  const since = now.getTime() - DELIVERY_WINDOW_DAYS * DAY_MS;
  const { entries, files } = motherLogEntries(inputs, snapshot);
  const recent = entries.filter((e) => !e.at || e.at.getTime() >= since);
  const sent = recent.filter((e) => /alert (firing|reminder|recovered):/.test(e.message)).length;
  const lost = recent.filter((e) => e.message.includes('alert not delivered'));
  const alerts = alertModel(dbOf(inputs));
  const [firing, total] = await Promise.all([alerts.countDocuments({ state: 'firing' }), alerts.estimatedDocumentCount()]);
  const detail =
    `${recent.length} line(s) of the mother's logs over ${DELIVERY_WINDOW_DAYS} days (${listSome(files, 3) || 'no file'}): ${sent} alert notice(s), ${lost.length} not delivered; ` +
    `alerts collection: ${total} alert(s), ${firing} firing`;
  if (files.length === 0) return fail(`no mother log file to look at; ${detail}`);
  const lease = await leaseModel(dbOf(inputs)).findById('clone-manager').lean();
  if (lease && lease.until.getTime() >= now.getTime() && !motherUnderPm2(snapshot)) {
    return fail(`the running mother is not PM2's motherbot (\`npm start\`?): it logs to its terminal, so whether its alerts reached the admins cannot be read; ${detail}`);
  }
  return lost.length === 0 ? pass(detail) : fail(`${lost.length} alert(s) not delivered to an admin, last ${lost.at(-1)?.at?.toISOString() ?? ''}; ${detail}`);
}

/**
 * Errors are tracked and the admins told of each new kind: every kind recorded in
 * `error_records` more than two watch passes ago has been announced (alertedAt set).
 */
export async function checkErrorAlerts(inputs: ReadinessInputs): Promise<CheckResult> {
  const { config, now } = inputs;
  const records = errorRecordModel(dbOf(inputs));
  const kinds = await records.find({}, { firstAt: 1, alertedAt: 1, kind: 1, place: 1, count: 1 }).lean();
  const late = kinds.filter((k) => !k.alertedAt && now.getTime() - new Date(k.firstAt).getTime() > 2 * config.watchIntervalMs + 60_000);
  const occurrences = kinds.reduce((n, r) => n + (r.count ?? 0), 0);
  const detail = `error_records: ${plural(kinds.length, 'kind')} of error (${occurrences} occurrences), ${kinds.filter((k) => k.alertedAt).length} announced to the admins`;
  return late.length === 0
    ? pass(detail)
    : fail(`${plural(late.length, 'kind')} of error never announced (${listSome(late.map((k) => `${k.kind} at ${k.place}`), 2)}): the mother's watchers do not run against this database; ${detail}`);
}

/** The reminder job runs every minute: a reminder still unsent this long after its moment was missed. */
const REMINDER_LATE_MS = 10 * 60_000;

/**
 * Owners are reminded before expiry: no subscription of a live clone has a reminder that came
 * due more than ten minutes ago and was not sent (`remindersSent` records each one sent).
 */
export async function checkRemindersSent(inputs: ReadinessInputs): Promise<CheckResult> {
  const { config, now } = inputs;
  const db = dbOf(inputs);
  const live = new Set((await cloneModel(db).find({ deletedAt: null }, { _id: 1 }).lean()).map((c) => c._id));
  const subs = (await subscriptionModel(db).find({ expiresAt: { $gte: new Date(now.getTime() - DAY_MS) } }, { expiresAt: 1, remindersSent: 1 }).lean()).filter((s) => live.has(s._id));
  const before = new Date(now.getTime() - REMINDER_LATE_MS);
  const late = subs.filter((s) => dueReminder(new Date(s.expiresAt), config.reminderDays, s.remindersSent ?? [], before));
  const sent = subs.reduce((n, s) => n + (s.remindersSent?.length ?? 0), 0);
  const detail = `${plural(subs.length, 'subscription')} of live clones not expired for more than a day: ${sent} reminder(s) recorded sent (REMINDER_DAYS=${config.reminderDays.join(',')})`;
  return late.length === 0
    ? pass(`${detail}, none overdue`)
    : fail(`${plural(late.length, 'reminder')} due more than ${REMINDER_LATE_MS / 60_000} min ago and not sent (clone(s) ${listSome(late.map((s) => s._id))}): the reminder job does not run; ${detail}`);
}
