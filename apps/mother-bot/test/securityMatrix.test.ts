import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAY_MS, newCloneId } from '@motherbot/core';
import { paymentRef } from '../src/services/starsPayments';
import { InProcessMother, textOf, trace, type PressOutcome } from './securityMother';

/**
 * Authorization matrix of the mother bot: every command and every button, pressed
 * by each kind of person, with the outcome each must get. The table below drives the test and
 * is written to test-artifacts/authorization-matrix-mother.md (copied into docs/reliability.md).
 * Buttons are pressed with forced data, as a modified client would; every refusal is also
 * checked to have changed nothing (the owner's clone, its subscription, the audit log).
 */

type Role = 'anonymous' | 'banned' | 'otherOwner' | 'owner' | 'cloneAdmin' | 'admin';
const ROLES: Role[] = ['anonymous', 'banned', 'otherOwner', 'owner', 'cloneAdmin', 'admin'];

/** ok: done (reply or screen matches `ok`); unknown: "I do not know that command"; ignored: no answer at all (banned); stale: "not valid any more"; notYours: "not for you"; gone: "does not exist any more" */
type Outcome = 'ok' | 'unknown' | 'ignored' | 'stale' | 'notYours' | 'gone' | 'skip';

interface Fixture {
  clone: string; // the owner's clone
  otherClone: string; // the other owner's clone
  deleted: string; // a clone of the owner's, deleted
  fresh: () => Promise<string>; // a new clone of the owner's (for destructive cells)
  pending: () => Promise<string>; // a new clone of the owner's waiting for admin approval
  payRef: string;
  victim: number;
  ownerId: number;
}

interface Row {
  kind: 'command' | 'button';
  label: string;
  /** The text or callback data; may need a fresh clone (destructive cells). */
  input: (f: Fixture) => Promise<string> | string;
  ok: RegExp | ((r: PressOutcome) => boolean);
  expect: Record<Role, Outcome>;
}

const PUBLIC: Record<Role, Outcome> = { anonymous: 'ok', banned: 'ignored', otherOwner: 'ok', owner: 'ok', cloneAdmin: 'ok', admin: 'ok' };
const ADMIN_CMD: Record<Role, Outcome> = { anonymous: 'unknown', banned: 'ignored', otherOwner: 'unknown', owner: 'unknown', cloneAdmin: 'unknown', admin: 'ok' };
const ADMIN_BTN: Record<Role, Outcome> = { anonymous: 'notYours', banned: 'ignored', otherOwner: 'notYours', owner: 'notYours', cloneAdmin: 'notYours', admin: 'ok' };
const OWNER_BTN: Record<Role, Outcome> = { anonymous: 'stale', banned: 'ignored', otherOwner: 'stale', owner: 'ok', cloneAdmin: 'stale', admin: 'ok' };
const ALL_STALE: Record<Role, Outcome> = { anonymous: 'stale', banned: 'ignored', otherOwner: 'stale', owner: 'stale', cloneAdmin: 'stale', admin: 'stale' };

const cmd = (label: string, ok: RegExp, expect = PUBLIC, text = label): Row => ({ kind: 'command', label, input: () => text, ok, expect });
const btn = (label: string, input: Row['input'], ok: Row['ok'], expect: Record<Role, Outcome>): Row => ({ kind: 'button', label, input, ok, expect });
const adminBtn = (label: string, input: Row['input'], ok: Row['ok'] = /./) => btn(label, input, ok, ADMIN_BTN);
const screenOk = (r: PressOutcome) => r.screen.length > 0 && !/went wrong/.test(r.screen + r.answer);

export const MOTHER_MATRIX: Row[] = [
  cmd('/start', /I run your own copy/),
  cmd('/help', /Commands:/),
  cmd('/new', /Send me the token/),
  cmd('/cancel', /Cancelled/),
  cmd('/clones', /Your clones|no clones yet/),
  cmd('/privacy', /What I store about you/),
  cmd('/paysupport', /Payment support/),
  cmd('/referral', /Invite owners/),
  cmd('/language', /Choose the language/),
  cmd('/paysupport <question>', /admins have your message/, PUBLIC, '/paysupport where is my <b>receipt</b>?'),
  cmd('/admin', /Admin panel/, ADMIN_CMD),
  cmd('/setplan', /Usage: \/setplan/, ADMIN_CMD),
  cmd('/readiness', /ready for production/i, ADMIN_CMD),
  // No monitoring in the in-process mother: the admins' cells are covered by monitoringEndpoints.test.ts.
  cmd('/health', /Health/, { ...ADMIN_CMD, admin: 'skip' }),
  cmd('/errors', /error/i, { ...ADMIN_CMD, admin: 'skip' }),
  // Runs a real backup of every database: covered by the ops tests.
  cmd('/backup', /Backing up/, { ...ADMIN_CMD, admin: 'skip' }),
  cmd('unknown /frobnicate', /./, { ...ADMIN_CMD, admin: 'unknown' }, '/frobnicate'),

  btn('➕ Create a clone (new)', () => 'new', /Send me the token/, PUBLIC),
  btn('🤖 My clones (mine)', () => 'mine', /Your clones|no clones yet/, PUBLIC),
  btn('« My clones (m:list)', () => 'm:list', /Your clones|no clones yet/, PUBLIC),
  btn('clone card c:card', (f) => `c:card:${f.clone}`, /Status:/, OWNER_BTN),
  btn('▶️ Start c:start', (f) => `c:start:${f.clone}`, /Start requested/, OWNER_BTN),
  btn('⏸ Stop c:stop', (f) => `c:stop:${f.clone}`, /Stop requested/, OWNER_BTN),
  btn('🔄 Restart c:rst', (f) => `c:rst:${f.clone}`, /Restart requested/, OWNER_BTN),
  btn('⭐ Renew c:renew', (f) => `c:renew:${f.clone}`, /Pick a plan/, OWNER_BTN),
  btn('🔑 New token c:tok', (f) => `c:tok:${f.clone}`, /Send me the new token/, OWNER_BTN),
  btn('🗑 Delete c:del', (f) => `c:del:${f.clone}`, /The bot stops now/, OWNER_BTN),
  btn('🗑 Yes, delete c:delok', async (f) => `c:delok:${await f.fresh()}`, /was deleted/, OWNER_BTN),
  btn('plan p:<clone>:m1 (invoice)', (f) => `p:${f.clone}:m1`, (r) => Boolean((r.message as { invoice?: unknown } | undefined)?.invoice), OWNER_BTN),
  // A reward exists only for the referrer of a paying owner (referrals.test.ts): here nobody has one.
  btn("r:pick (no reward of the presser's)", (f) => `r:pick:${f.ownerId}`, /./, ALL_STALE),
  btn("r:use (no reward of the presser's)", (f) => `r:use:${f.ownerId}:${f.clone}`, /./, ALL_STALE),
  btn('tampered: r:use:<not a user>:<clone>', (f) => `r:use:-1:${f.clone}`, /./, ALL_STALE),
  btn('tampered: r:use:<user>:<not a clone>', (f) => `r:use:${f.ownerId}:zz`, /./, ALL_STALE),
  btn('🗑 Delete my data priv:del', () => 'priv:del', /Delete your data and all your clones/, PUBLIC),
  btn('Keep it priv:keep', () => 'priv:keep', /Nothing was deleted/, PUBLIC),
  // "Automatic": these users send no language_code, so the answer (and every later row) stays English.
  btn('🌐 Automatic lang:auto', () => 'lang:auto', /write to you in English/, PUBLIC),
  btn('tampered: lang:xx', () => 'lang:xx', /./, ALL_STALE),
  btn('tampered: lang:es:extra', () => 'lang:es:extra', /./, ALL_STALE),

  adminBtn('a:home', () => 'a:home', /Admin panel/),
  adminBtn('a:dash', () => 'a:dash', /Dashboard/),
  adminBtn('a:cl (clones list)', () => 'a:cl:0:-:-', screenOk),
  adminBtn('a:find', () => 'a:find', /Send a bot @username/),
  adminBtn('a:cc (clone card)', (f) => `a:cc:${f.clone}`, /Status/),
  adminBtn('a:start', (f) => `a:start:${f.clone}`, screenOk),
  adminBtn('a:stop', (f) => `a:stop:${f.clone}`, screenOk),
  adminBtn('a:rst', (f) => `a:rst:${f.clone}`, screenOk),
  adminBtn('a:susp', (f) => `a:susp:${f.clone}`, screenOk),
  adminBtn('a:unsus', (f) => `a:unsus:${f.clone}`, screenOk),
  adminBtn('a:ext +7', (f) => `a:ext:${f.clone}:7`, screenOk),
  adminBtn('a:extn', (f) => `a:extn:${f.clone}`, /How many days/),
  adminBtn('a:errs', (f) => `a:errs:${f.clone}`, screenOk),
  adminBtn('a:del', (f) => `a:del:${f.clone}`, screenOk),
  adminBtn('a:delok', async (f) => `a:delok:${await f.fresh()}`, /deleted/),
  adminBtn('a:us (user card)', (f) => `a:us:${f.ownerId}`, screenOk),
  adminBtn('a:ufind', () => 'a:ufind', /Send a user id/),
  adminBtn('a:ban', (f) => `a:ban:${f.victim}`, /Banned/),
  adminBtn('a:unban', (f) => `a:unban:${f.victim}`, /Unbanned/),
  adminBtn('a:pays', () => 'a:pays:0', screenOk),
  adminBtn('a:pay', (f) => `a:pay:${f.payRef}`, screenOk),
  adminBtn('a:rf', (f) => `a:rf:${f.payRef}`, /refund/i),
  adminBtn('a:rfok (refund)', (f) => `a:rfok:${f.payRef}`, /Refunded|already refunded/),
  adminBtn('a:audit', () => 'a:audit:0', /Audit log/),
  adminBtn('a:plans', () => 'a:plans', screenOk),
  adminBtn('a:ploff', () => 'a:ploff:m3', screenOk),
  adminBtn('a:plon', () => 'a:plon:m3', screenOk),
  adminBtn('a:pend (pending approval)', () => 'a:pend:0', /waiting for approval/),
  adminBtn('a:apr (approve)', async (f) => `a:apr:${await f.pending()}`, /approved; it starts now/),
  adminBtn('a:rej (reject: asks a reason)', async (f) => `a:rej:${await f.pending()}`, /Send the reason/),
  adminBtn('a:rejok (reject)', async (f) => `a:rejok:${await f.pending()}`, /rejected\./),
  // Decided already (the owner's clone never waited): refused with a sentence, nothing changes.
  btn('a:apr:<clone not pending>', (f) => `a:apr:${f.clone}`, /not waiting for approval/, { ...ADMIN_BTN, admin: 'ok' }),
  btn('tampered: a:rej:<clone not pending>', (f) => `a:rej:${f.clone}`, /./, { ...ADMIN_BTN, admin: 'stale' }),
  adminBtn('a:bc', () => 'a:bc', /Send me the message to broadcast/),
  // Platform settings: each change is put back to the environment's default by the next row.
  adminBtn('a:plat (platform settings)', () => 'a:plat', /Platform settings/),
  adminBtn('a:papr (approval on)', () => 'a:papr:1', /Approval of new clones: on/),
  adminBtn('a:papr:env (approval: environment default)', () => 'a:papr:env', /environment default \(CLONE_APPROVAL_REQUIRED\)/),
  adminBtn('a:prwd (reward days)', () => 'a:prwd:3', /Referral reward: 3 free days/),
  adminBtn('a:prwd:env (reward: environment default)', () => 'a:prwd:env', /environment default \(REFERRAL_REWARD_DAYS\)/),
  adminBtn('a:prwt (type the reward days)', () => 'a:prwt', /Send the number of free days/),
  btn('tampered: a:papr:2', () => 'a:papr:2', /./, { ...ADMIN_BTN, admin: 'stale' }),
  btn('tampered: a:prwd:366', () => 'a:prwd:366', /./, { ...ADMIN_BTN, admin: 'stale' }),
  // Without a message to broadcast first, the confirmation is stale.
  btn('a:bcok (no message chosen)', () => 'a:bcok', /./, { ...ADMIN_BTN, admin: 'stale' }),

  // tampered and stale data
  btn('tampered: c:stop:<not an id>', () => 'c:stop:not-a-clone', /./, ALL_STALE),
  btn('tampered: c:nuke:<clone>', (f) => `c:nuke:${f.clone}`, /./, ALL_STALE),
  btn('tampered: c:card:<clone>:extra', (f) => `c:card:${f.clone}:x`, /./, ALL_STALE),
  btn('stale: c:card:<deleted clone>', (f) => `c:card:${f.deleted}`, /./, ALL_STALE),
  btn("other owner's clone c:stop", (f) => `c:stop:${f.otherClone}`, /Stop requested/, { ...ALL_STALE, otherOwner: 'ok', admin: 'ok' }),
  btn('tampered: p:<clone>:<no such plan>', (f) => `p:${f.clone}:zz`, /./, ALL_STALE),
  btn('tampered: 64 bytes of junk', () => 'z'.repeat(64), /./, ALL_STALE),
  btn('tampered: a:nuke', () => 'a:nuke', /./, { ...ADMIN_BTN, admin: 'stale' }),
  btn('tampered: a:ext:<clone>:999999', (f) => `a:ext:${f.clone}:999999`, /./, { ...ADMIN_BTN, admin: 'stale' }),
  btn('stale: a:cc:<deleted clone>', (f) => `a:cc:${f.deleted}`, /./, { ...ADMIN_BTN, admin: 'gone' }),
];

const REFUSAL: Record<Exclude<Outcome, 'ok' | 'ignored' | 'skip'>, RegExp> = {
  unknown: /do not know that command/,
  stale: /not valid any more/,
  notYours: /not for you/,
  gone: /does not exist any more|not valid any more/,
};

describe('mother bot: authorization matrix', () => {
  const m = new InProcessMother({ USER_RATE_PER_MINUTE: '10000' }, { flood: { enabled: false }, callbackAnswerTimeoutMs: 1500 });
  const users = {} as Record<Role, { id: number }>;
  let f: Fixture;
  const results: Array<{ row: string; role: Role; got: string }> = [];

  const makeClone = async (ownerId: number): Promise<string> => {
    const _id = newCloneId();
    await m.models.Clone.create({ _id, ownerId, botId: 1e9 + Math.floor(Math.random() * 1e9), botUsername: `sec_${_id}_bot`, source: 'token' });
    await m.models.Subscription.create({ _id, ownerId, expiresAt: new Date(Date.now() + 30 * DAY_MS), isTrial: true });
    await m.models.OwnerClones.updateOne({ _id: String(ownerId) }, { $addToSet: { cloneIds: _id } }, { upsert: true });
    return _id;
  };
  const makePending = async (ownerId: number): Promise<string> => {
    const _id = await makeClone(ownerId);
    await m.models.Clone.updateOne({ _id }, { $set: { approval: 'pending' } });
    return _id;
  };
  const snapshot = async () => {
    const c = await m.models.Clone.findById(f.clone).lean();
    const s = await m.models.Subscription.findById(f.clone).lean();
    return JSON.stringify({ run: c?.desiredRunning, del: c?.deletedAt, susp: c?.suspended, owner: c?.ownerId, exp: s?.expiresAt, audit: await m.models.AuditEvent.countDocuments({}) });
  };

  beforeAll(async () => {
    await m.start();
    trace('started');
    users.admin = m.admin;
    for (const role of ROLES.filter((r) => r !== 'admin')) users[role] = m.sandbox.createUser({ firstName: role, username: role.toLowerCase() });
    const victim = m.sandbox.createUser({ firstName: 'Victim' });
    for (const u of [...Object.values(users), victim]) await m.say(u.id, '/start', /I run your own copy/);
    const clone = await makeClone(users.owner.id);
    const otherClone = await makeClone(users.otherOwner.id);
    const deleted = await makeClone(users.owner.id);
    await m.models.Clone.updateOne({ _id: deleted }, { $set: { deletedAt: new Date(), desiredRunning: false } });
    // A real Stars payment on the owner's clone (for the payment buttons).
    await m.say(users.owner.id, '/help', /Commands/);
    const invoice = await m.press(users.owner.id, `p:${clone}:m1`, (r) => Boolean((r.message as { invoice?: unknown } | undefined)?.invoice));
    const paid = await m.sandbox.payInvoice(users.owner.id, m.id, invoice.message!.message_id);
    expect(paid.status).toBe('paid');
    await m.sandbox.waitForBotMessage({ chatId: users.owner.id, botRef: m.id, predicate: (msg) => /Payment received/.test(textOf(msg)) });
    // The clone admin is named in the owner's clone (the mother does not know clone admins: a plain user to it).
    const adminAny = { id: m.admin.id, isAdmin: true };
    await m.services.admin.ban(adminAny, users.banned.id);
    f = { clone, otherClone, deleted, fresh: () => makeClone(users.owner.id), pending: () => makePending(users.owner.id), payRef: paymentRef(paid.telegram_payment_charge_id!), victim: victim.id, ownerId: users.owner.id };
  }, 60_000);

  afterAll(async () => {
    const lines = [
      `| command / button | ${ROLES.join(' | ')} |`,
      `|---|${ROLES.map(() => '---').join('|')}|`,
      ...MOTHER_MATRIX.map((r) => `| ${r.label.replace(/\|/g, '\\|')} | ${ROLES.map((role) => r.expect[role]).join(' | ')} |`),
    ];
    mkdirSync(join(__dirname, '../../../test-artifacts'), { recursive: true });
    writeFileSync(join(__dirname, '../../../test-artifacts/authorization-matrix-mother.md'), `${lines.join('\n')}\n`);
    await m.close();
  }, 60_000);

  it.each(ROLES.filter((r) => r !== 'banned'))('%s gets the expected outcome for every command and button', async (role) => {
    const user = users[role];
    const failures: string[] = [];
    for (const row of MOTHER_MATRIX) {
      const want = row.expect[role];
      if (want === 'skip') continue;
      const input = await row.input(f);
      const before = await snapshot();
      let got: string;
      if (row.kind === 'command') {
        const pattern = want === 'ok' ? (row.ok as RegExp) : REFUSAL[want as keyof typeof REFUSAL];
        got = textOf(await m.say(user.id, input, pattern).catch(() => ({ text: '<no matching reply>' }) as never));
        if (!pattern.test(got)) failures.push(`${row.label}: wanted ${want}, got "${got.slice(0, 120)}"`);
      } else {
        await m.say(user.id, '/help', /Commands/); // a fresh message to press on
        const ok = typeof row.ok === 'function' ? row.ok : (r: PressOutcome) => (row.ok as RegExp).test(`${r.answer}\n${r.screen}`);
        const r = await m.press(user.id, input, want === 'ok' ? ok : (x) => x.answered);
        got = `${r.answer} | ${r.screen.slice(0, 80)}`;
        const pass = want === 'ok' ? ok(r) && !/not valid any more|not for you/.test(r.answer) : REFUSAL[want as keyof typeof REFUSAL].test(r.answer);
        if (!pass) failures.push(`${row.label}: wanted ${want}, got "${got}"`);
      }
      results.push({ row: row.label, role, got });
      trace(`${role} ${row.label}: ${got.slice(0, 100)}`);
      // A refusal changes nothing: not the owner's clone, not its subscription, not the audit log.
      if (want !== 'ok' && (await snapshot()) !== before) failures.push(`${row.label}: refused but the state changed`);
      if (row.label.startsWith('a:susp') && want === 'ok') await m.services.clones.unsuspend(f.clone, { id: m.admin.id, isAdmin: true }).catch(() => undefined);
    }
    await m.say(user.id, '/cancel', /Cancelled/);
    expect(failures).toEqual([]);
    expect(m.errors.count(/can't parse entities/)).toBe(0);
  }, 120_000);

  it('banned: every command and button is ignored (no message, no callback answer), and nothing changes', async () => {
    const user = users.banned;
    const before = await snapshot();
    const botMessages = () => m.sandbox.transcript(user.id, m.id).filter((e) => e.direction === 'bot').length;
    const count = botMessages();
    const target = m.sandbox.transcript(user.id, m.id).filter((e) => e.direction === 'bot').at(-1)!;
    const answers: Array<Promise<unknown>> = [];
    for (const row of MOTHER_MATRIX) {
      expect(row.expect.banned).toBe('ignored');
      const input = row.label.includes('delok') ? `c:delok:${f.clone}` : await row.input(f);
      if (row.kind === 'command') await m.sandbox.sendText(user.id, m.id, input);
      else answers.push((await m.sandbox.pressButton(user.id, m.id, target.messageId, input, { force: true })).answer);
    }
    const settled = await Promise.all(answers); // each resolves undefined after the sandbox's 1.5 s callback timeout
    expect(settled.filter((a) => a !== undefined)).toEqual([]);
    expect(botMessages()).toBe(count);
    expect(await snapshot()).toBe(before);
  }, 60_000);
});
