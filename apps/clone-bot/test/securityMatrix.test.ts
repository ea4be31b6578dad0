import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TgMessage } from '@motherbot/telegram-sandbox';
import { SETTINGS_ACTIONS, cb } from '../src/bot/services/callbackData';
import { BatchPageGrants } from '../src/bot/services/batchPageGrants';
import { CloneHarness, hasFile, textOf } from './cloneHarness';

/**
 * Authorization matrix of the clone bot: every command, every button and a file
 * upload, by each kind of person. The clone bot knows two kinds: its managers (the owner and
 * the clone admins the owner named) and everyone else. A platform admin, a user the platform
 * banned, or the owner of another clone are plain users here (the clone bot gets no platform
 * roles: a platform ban stops the banned person's own clones, it does not shut them out of
 * other people's bots). The table drives the test and is written to
 * test-artifacts/authorization-matrix-clone.md (copied into docs/reliability.md).
 */

type Role = 'anonymous' | 'banned' | 'otherOwner' | 'owner' | 'cloneAdmin' | 'admin';
const ROLES: Role[] = ['anonymous', 'banned', 'otherOwner', 'admin', 'cloneAdmin', 'owner'];
const USERS: Role[] = ['anonymous', 'banned', 'otherOwner', 'admin'];

/** ok: done; refused: "Only the owner of this bot can do that" (or "Only the owner can change the clone admins"); stale: "no longer valid" / "expired" */
type Outcome = 'ok' | 'refused' | 'stale';

interface Ctx {
  code: string;
  adminId: number;
  /** A batch page button signed (with this clone's key) for another user: a copied one. */
  copiedPage: string;
}
interface Row {
  kind: 'command' | 'button' | 'upload';
  label: string;
  input: (c: Ctx) => string;
  /** What "ok" looks like: a reply (or callback answer) matching, or a predicate on the bot's reply. */
  ok: RegExp | ((m: TgMessage) => boolean);
  expect: Record<Role, Outcome>;
}

const forAll = (o: Outcome): Record<Role, Outcome> => Object.fromEntries(ROLES.map((r) => [r, o])) as Record<Role, Outcome>;
const MANAGERS: Record<Role, Outcome> = { ...forAll('refused'), owner: 'ok', cloneAdmin: 'ok' };
const OWNER_ONLY: Record<Role, Outcome> = { ...forAll('refused'), owner: 'ok' };
const isFile = (m: TgMessage) => hasFile(m);

const SETTINGS_ROWS: Row[] = SETTINGS_ACTIONS.map((action) => {
  const arg = action === 'adSet' ? ':60' : action === 'fsRm' ? ':-1001' : action === 'admRm' || action === 'wlRm' ? ':1' : '';
  return {
    kind: 'button',
    label: `⚙️ st:${action}${arg}`,
    input: () => `st:${action}${arg}`,
    ok: /./,
    expect: action === 'admAdd' || action === 'admRm' ? OWNER_ONLY : MANAGERS,
  } satisfies Row;
});

export const CLONE_MATRIX: Row[] = [
  { kind: 'command', label: '/start', input: () => '/start', ok: /Hello/, expect: forAll('ok') },
  { kind: 'command', label: '/start <share code>', input: (c) => `/start ${c.code}`, ok: isFile, expect: forAll('ok') },
  { kind: 'command', label: '/start <tampered code>', input: (c) => `/start ${c.code.slice(0, -1)}Z`, ok: /not valid|no longer available/, expect: forAll('ok') },
  { kind: 'command', label: '/start verify-<forged token>', input: () => `/start verify-${'A'.repeat(44)}`, ok: /verification link is (damaged|not valid)/, expect: forAll('ok') },
  { kind: 'command', label: '/help', input: () => '/help', ok: /share link/, expect: forAll('ok') },
  { kind: 'command', label: '/language', input: () => '/language', ok: /Choose the language/, expect: forAll('ok') },
  { kind: 'command', label: '/search <words> (search on)', input: () => '/search matrix', ok: /matrix/, expect: forAll('ok') },
  { kind: 'command', label: '/frobnicate (unknown)', input: () => '/frobnicate', ok: /do not know that command/, expect: forAll('ok') },
  { kind: 'upload', label: 'send a file', input: () => 'upload.pdf', ok: /start=/, expect: MANAGERS },
  { kind: 'command', label: '/link (no reply)', input: () => '/link', ok: /Reply with \/link/, expect: MANAGERS },
  { kind: 'command', label: '/delete <unknown code>', input: () => '/delete f_AAAAAAAAAAAA', ok: /no such link|Usage/, expect: MANAGERS },
  { kind: 'command', label: '/batch', input: () => '/batch', ok: /Batch started|already open/, expect: MANAGERS },
  { kind: 'command', label: '/done (empty batch)', input: () => '/done', ok: /empty|No batch/, expect: MANAGERS },
  { kind: 'command', label: '/cancel', input: () => '/cancel', ok: /cancel|Nothing to cancel/i, expect: MANAGERS },
  { kind: 'command', label: '/index <post links> (no channel connected)', input: () => '/index https://t.me/some_channel/1 https://t.me/some_channel/9', ok: /Connect a channel first/, expect: MANAGERS },
  { kind: 'command', label: '/batch <post links> (no channel connected)', input: () => '/batch https://t.me/some_channel/1 https://t.me/some_channel/9', ok: /Connect a channel first/, expect: MANAGERS },
  { kind: 'command', label: '/settings', input: () => '/settings', ok: /Settings/, expect: MANAGERS },
  { kind: 'command', label: '/stats', input: () => '/stats', ok: /Stats/, expect: MANAGERS },
  { kind: 'command', label: '/broadcast (no reply)', input: () => '/broadcast', ok: /Reply with \/broadcast/, expect: MANAGERS },
  { kind: 'command', label: '/premium', input: () => '/premium', ok: /premium/, expect: forAll('ok') },
  { kind: 'command', label: '/premium_grant <user id> <days>', input: () => '/premium_grant 777000111 1', ok: /is premium until/, expect: MANAGERS },
  { kind: 'command', label: '/premium_revoke <user id>', input: () => '/premium_revoke 777000111', ok: /ended now|was not premium/, expect: MANAGERS },
  { kind: 'command', label: '/premium_refund <unknown receipt>', input: () => '/premium_refund stxunknown', ok: /No payment/, expect: MANAGERS },
  ...SETTINGS_ROWS,
  { kind: 'button', label: 'g:<code> (search result)', input: (c) => `g:${c.code}`, ok: isFile, expect: forAll('ok') },
  { kind: 'button', label: 'fs:<code> (try again)', input: (c) => `fs:${c.code}`, ok: isFile, expect: forAll('ok') },
  { kind: 'button', label: 'dl:r (discovery: recent, off)', input: () => 'dl:r', ok: /turned off/, expect: forAll('ok') },
  { kind: 'button', label: 'dl:p (discovery: popular, off)', input: () => 'dl:p', ok: /turned off/, expect: forAll('ok') },
  { kind: 'button', label: 'dl:x (discovery: random, off)', input: () => 'dl:x', ok: /turned off/, expect: forAll('ok') },
  { kind: 'button', label: 'dg:<code> (discovery list, off)', input: (c) => `dg:${c.code}`, ok: /turned off/, expect: forAll('ok') },
  { kind: 'button', label: 'tampered: dl:q', input: () => 'dl:q', ok: /./, expect: forAll('stale') },
  { kind: 'button', label: 'tampered: dg:<bad code>', input: () => 'dg:../x', ok: /./, expect: forAll('stale') },
  { kind: 'button', label: 'bc:x:<id> (cancel broadcast)', input: () => 'bc:x:0123456789abcdef', ok: /already over/, expect: MANAGERS },
  { kind: 'button', label: 'ix:x (cancel indexing, none running)', input: () => 'ix:x', ok: /No indexing job/, expect: MANAGERS },
  { kind: 'button', label: 'lang:auto (language: automatic)', input: () => 'lang:auto', ok: /./, expect: forAll('ok') },
  { kind: 'button', label: 'tampered: lang:xx (no such language)', input: () => 'lang:xx', ok: /./, expect: forAll('stale') },
  { kind: 'button', label: 'stale: s:<unknown search>:0', input: () => 's:AAAAAAAA:0', ok: /expired/, expect: forAll('stale') },
  { kind: 'button', label: 'tampered: st:nuke', input: () => 'st:nuke', ok: /./, expect: forAll('stale') },
  { kind: 'button', label: 'tampered: st:adSet:<not a number>', input: () => 'st:adSet:x', ok: /./, expect: forAll('stale') },
  { kind: 'button', label: 'tampered: g:<bad code>', input: () => 'g:../../etc', ok: /./, expect: forAll('stale') },
  { kind: 'button', label: 'pm:<offer not sold>', input: () => 'pm:123', ok: /./, expect: forAll('stale') },
  { kind: 'button', label: 'tampered: pm:<not a number>', input: () => 'pm:x', ok: /./, expect: forAll('stale') },
  { kind: 'button', label: 'tampered: bc:x:<short id>', input: () => 'bc:x:123', ok: /./, expect: forAll('stale') },
  { kind: 'button', label: "bp:<batch>:<page> (another user's page button)", input: (c) => c.copiedPage, ok: /./, expect: forAll('stale') },
  { kind: 'button', label: 'forged: bp:<batch>:<page> (bad signature)', input: () => 'bp:b_AAAAAAAAAAAAAAAA:1:zzzzzz:AAAAAAAAAAAAAAAA', ok: /./, expect: forAll('stale') },
  { kind: 'button', label: 'tampered: bp:<file code>:<page>', input: (c) => `bp:${c.code}:1:zzzzzz:AAAAAAAAAAAAAAAA`, ok: /./, expect: forAll('stale') },
  { kind: 'button', label: 'tampered: 64 bytes of junk', input: () => 'q'.repeat(64), ok: /./, expect: forAll('stale') },
];

const REFUSED = /Only the owner/;
const STALE = /no longer valid|expired/;

describe('clone bot: authorization matrix', () => {
  const h = new CloneHarness({ flood: { enabled: false }, callbackAnswerTimeoutMs: 3000 }, { userRatePerMinute: 10_000 });
  const users = {} as Record<Role, { id: number }>;
  let c: Ctx;
  let initial: Awaited<ReturnType<NonNullable<CloneHarness['clone']>['runtime']['settings']['get']>>;

  const state = async () =>
    JSON.stringify({
      settings: await h.clone!.runtime.settings.get(),
      files: await h.models.File.countDocuments({ deletedAt: null }),
      batches: await h.models.Batch.countDocuments({}),
      premium: await h.models.PremiumUser.countDocuments({}),
      payments: await h.models.StarPayment.countDocuments({}),
      broadcasts: await h.connection.db!.collection('broadcasts').countDocuments({}).catch(() => 0),
    });

  beforeAll(async () => {
    await h.start();
    users.owner = h.owner;
    for (const role of ROLES.filter((r) => r !== 'owner')) users[role] = h.user(role);
    await h.clone!.runtime.settings.update({ adminIds: [users.cloneAdmin.id], searchEnabled: true });
    initial = await h.clone!.runtime.settings.get();
    const copiedPage = cb.batchPage(new BatchPageGrants(h.cloneKey, 'test').issue(777_000_222, 'b_AAAAAAAAAAAAAAAA', 1, Math.floor(Date.now() / 1000) + 3600));
    c = { code: CloneHarness.codeOf(await h.upload(h.owner.id, 'matrix-report.pdf')), adminId: users.cloneAdmin.id, copiedPage };
    for (const role of ROLES) await h.say(users[role].id, '/start', /Hello/);
  }, 60_000);

  afterAll(async () => {
    const lines = [
      `| command / button | ${ROLES.join(' | ')} |`,
      `|---|${ROLES.map(() => '---').join('|')}|`,
      ...CLONE_MATRIX.map((r) => `| ${r.label.replace(/\|/g, '\\|')} | ${ROLES.map((role) => r.expect[role]).join(' | ')} |`),
    ];
    mkdirSync(join(__dirname, '../../../test-artifacts'), { recursive: true });
    writeFileSync(join(__dirname, '../../../test-artifacts/authorization-matrix-clone.md'), `${lines.join('\n')}\n`);
    await h.close();
  }, 60_000);

  it.each(ROLES)('%s gets the expected outcome for every command, upload and button', async (role) => {
    const user = users[role];
    const failures: string[] = [];
    for (const row of CLONE_MATRIX) {
      const want = row.expect[role];
      const input = row.input(c);
      const before = await state();
      const cursor = h.sandbox.cursor();
      const okTest = (m: TgMessage) => (typeof row.ok === 'function' ? row.ok(m) : row.ok.test(textOf(m)));
      let got = '';
      let pass = false;
      if (row.kind === 'button') {
        const target = h.sandbox.transcript(user.id, h.bot).filter((e) => e.direction === 'bot').at(-1)!;
        const pressed = await h.sandbox.pressButton(user.id, h.bot, target.messageId, input, { force: true });
        const answer = (await pressed.answer)?.text ?? '';
        got = answer;
        if (want === 'refused') pass = REFUSED.test(answer);
        else if (want === 'stale') pass = STALE.test(answer);
        else if (typeof row.ok === 'function') {
          const reply = await h.next(user.id, okTest, cursor, 5_000).catch(() => undefined);
          pass = Boolean(reply) && !REFUSED.test(answer);
          got = `${answer} | ${reply ? textOf(reply).slice(0, 60) || '[file]' : 'no reply'}`;
        } else pass = !REFUSED.test(answer) && !STALE.test(answer) && pressed !== undefined;
      } else {
        if (row.kind === 'upload') await h.sandbox.sendFile(user.id, h.bot, { kind: 'document', fileName: input, content: Buffer.from(`${role} ${Math.random()}`) });
        else await h.sandbox.sendText(user.id, h.bot, input);
        const predicate = want === 'ok' ? okTest : (m: TgMessage) => REFUSED.test(textOf(m));
        const reply = await h.next(user.id, predicate, cursor, 5_000).catch(() => undefined);
        pass = Boolean(reply);
        got = reply ? textOf(reply).slice(0, 80) || '[file]' : 'no matching reply';
      }
      if (!pass) failures.push(`${row.label}: wanted ${want}, got "${got}"`);
      if (want !== 'ok' && (await state()) !== before) failures.push(`${row.label}: refused but the clone's state changed`);
      if (role === 'owner' || role === 'cloneAdmin') {
        // Buttons that wait for input, and toggles, are undone so the next row starts from the same place.
        await h.say(user.id, '/cancel', /./);
        await h.clone!.runtime.settings.update({ protectContent: initial.protectContent, searchEnabled: true, autoDeleteSeconds: initial.autoDeleteSeconds, adminIds: [users.cloneAdmin.id], welcomeText: initial.welcomeText, welcomeHtml: null, welcomePhotoFileId: null, forceSubHtml: null, verifyHtml: null, formattedDraft: null, joinRequestAutoApprove: false, discoveryRecent: false, discoveryPopular: false, discoveryRandom: false, storageChannelId: null, captionTemplate: null, captionTemplateDraft: null, keepOriginalCaption: true, fileButton: 'none' });
      }
    }
    expect(failures).toEqual([]);
    expect(h.counters.errors).toBe(0);
  }, 120_000);
});
