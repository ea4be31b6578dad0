import { DAY_MS, newCloneId, scanCloneViews, subscriptionPolicy } from '@motherbot/core';
import { cb } from '../src/bot/callbackData';
import { ConversationStore } from '../src/bot/conversationStore';
import { planReconcile } from '../src/cloneManager/reconcilePlan';
import { InProcessMother, textOf } from './securityMother';

/**
 * Admin approval of new clones (CLONE_APPROVAL_REQUIRED=true) end to end: the real mother in
 * process, the sandbox over HTTP, a real database. Whether a clone runs is asked of the clone
 * manager's own decision (planReconcile over the views it reads), without PM2.
 */
/** Starts `m` with an owner and Eve who, like the admin, have opened the mother's chat (Telegram delivers nothing to a user who never did). */
async function startWithPeople(m: InProcessMother): Promise<{ owner: { id: number }; eve: { id: number } }> {
  await m.start();
  const owner = m.sandbox.createUser({ firstName: 'Olga' });
  const eve = m.sandbox.createUser({ firstName: 'Eve' });
  for (const u of [owner, eve, m.admin]) await m.say(u.id, '/start', /I run your own copy/);
  return { owner, eve };
}

/** Creates a clone through the real /new flow as `owner`; returns the reply's text and the clone. */
async function createCloneAs(m: InProcessMother, owner: { id: number }, username: string) {
  const bot = m.sandbox.createBot({ username });
  await m.say(owner.id, '/new', /Send me the token/);
  const reply = textOf(await m.say(owner.id, bot.token, /is now your clone/));
  return { reply, clone: (await m.models.Clone.findOne({ botId: bot.id }).lean())! };
}

describe('admin approval of new clones', () => {
  const m = new InProcessMother({ USER_RATE_PER_MINUTE: '10000', CLONE_APPROVAL_REQUIRED: 'true' }, { flood: { enabled: false } });
  let owner: { id: number };
  let eve: { id: number };

  /** The manager's plan for `cloneId` with no worker in PM2: does it start one? */
  const wouldStart = async (cloneId: string): Promise<boolean> => {
    const views = await scanCloneViews(m.models, subscriptionPolicy(m.config), new Date());
    const desired = views.map(({ clone, verdict }) => ({ cloneId: clone._id, verdict, restartRequestedAt: clone.restartRequestedAt }));
    return planReconcile(desired, [], m.config.pm2Namespace).some((a) => a.type === 'start' && a.cloneId === cloneId);
  };
  const verdictOf = async (cloneId: string) => (await scanCloneViews(m.models, subscriptionPolicy(m.config), new Date())).find((v) => v.clone._id === cloneId)!.verdict;

  /** Creates a clone through the real /new flow; returns its id. */
  const createClone = async (username: string): Promise<string> => {
    const { reply, clone } = await createCloneAs(m, owner, username);
    expect(reply).toMatch(/approved by the admins on this platform/);
    // No trial date yet: the trial starts at the approval.
    expect(reply).toMatch(/free trial starts when the admins approve it/);
    expect(reply).not.toMatch(/trial until/);
    return clone._id;
  };

  beforeAll(async () => {
    ({ owner, eve } = await startWithPeople(m));
  }, 60_000);
  afterAll(async () => m.close(), 60_000);

  it('keeps a new clone pending and not started until an admin approves it; then it runs and the owner is told', async () => {
    const cloneId = await createClone('approve_me_bot');
    await m.sandbox.waitForBotMessage({ chatId: m.admin.id, botRef: m.id, predicate: (msg) => /waiting for approval: @approve_me_bot/.test(textOf(msg)) });
    expect(await verdictOf(cloneId)).toBe('pending_approval');
    expect(await wouldStart(cloneId)).toBe(false);
    // The owner's Start changes nothing while it waits.
    await m.say(owner.id, '/help', /Commands/);
    await m.press(owner.id, cb.owner('start', cloneId), /waiting for an admin to approve it/);
    expect(await wouldStart(cloneId)).toBe(false);

    // Others cannot decide; tampered data is refused.
    await m.say(eve.id, '/help', /Commands/);
    expect((await m.press(eve.id, cb.admin('apr', cloneId), (r) => r.answered)).answer).toMatch(/not for you/);
    expect((await m.press(eve.id, cb.admin('rejok', cloneId), (r) => r.answered)).answer).toMatch(/not for you/);
    await m.say(m.admin.id, '/admin', /Admin panel/);
    expect((await m.press(m.admin.id, 'a:apr:not-a-clone', (r) => r.answered)).answer).toMatch(/not valid any more/);
    expect((await m.press(m.admin.id, `a:apr:${newCloneId()}`, (r) => r.answered)).answer).toMatch(/does not exist any more/);
    expect(await verdictOf(cloneId)).toBe('pending_approval');

    const list = await m.press(m.admin.id, cb.admin('pend', 0), /waiting for approval — 1/);
    expect(list.screen).toMatch(/Approval of new clones: on/);
    await m.press(m.admin.id, cb.admin('cc', cloneId), /waiting for an admin/);
    const ownerBefore = m.sandbox.cursor();
    const done = await m.press(m.admin.id, cb.admin('apr', cloneId), /approved; it starts now/);
    expect(done.answer).toBe('Approved');
    await m.sandbox.waitForBotMessage({ chatId: owner.id, botRef: m.id, after: ownerBefore, predicate: (msg) => /@approve_me_bot was approved/.test(textOf(msg)) });
    expect(await verdictOf(cloneId)).toBe('ok');
    expect(await wouldStart(cloneId)).toBe(true);
    const sub = (await m.models.Subscription.findById(cloneId).lean())!;
    expect(sub.expiresAt.getTime()).toBeGreaterThanOrEqual(Date.now() + (m.config.trialDays - 1) * DAY_MS);
    // A second press decides nothing twice.
    expect((await m.press(m.admin.id, cb.admin('apr', cloneId), (r) => r.answered)).answer).toMatch(/not waiting for approval/);
  }, 120_000);

  it('rejects with the reason the admin typed, or without one; the owner is told and the clone never starts', async () => {
    const withReason = await createClone('reject_me_bot');
    await m.say(m.admin.id, '/admin', /Admin panel/);
    await m.press(m.admin.id, cb.admin('rej', withReason), /Send the reason/);
    const ownerBefore = m.sandbox.cursor();
    await m.say(m.admin.id, 'Files that <b>break</b> the rules', /rejected; the owner was told why/);
    const told = await m.sandbox.waitForBotMessage({ chatId: owner.id, botRef: m.id, after: ownerBefore, predicate: (msg) => /was not approved/.test(textOf(msg)) });
    expect(textOf(told)).toContain('Files that <b>break</b> the rules');
    expect(await verdictOf(withReason)).toBe('rejected');
    expect(await wouldStart(withReason)).toBe(false);

    const silent = await createClone('reject_quiet_bot');
    await m.say(m.admin.id, '/admin', /Admin panel/);
    await m.press(m.admin.id, cb.admin('rej', silent), /Send the reason/);
    const before2 = m.sandbox.cursor();
    await m.press(m.admin.id, cb.admin('rejok', silent), /reject_quiet_bot rejected/);
    const told2 = await m.sandbox.waitForBotMessage({ chatId: owner.id, botRef: m.id, after: before2, predicate: (msg) => /reject_quiet_bot was not approved/.test(textOf(msg)) });
    expect(textOf(told2)).toMatch(/not approved by the admins\.\n/);
    expect(await wouldStart(silent)).toBe(false);
    expect(await m.models.AuditEvent.countDocuments({ action: 'clone.reject' })).toBe(2);
  }, 120_000);

  it('leaves clones made before approval was on alone, and admins\' own clones need none', async () => {
    const _id = newCloneId();
    await m.models.Clone.create({ _id, ownerId: owner.id, botId: 2e9 + Math.floor(Math.random() * 1e6), botUsername: `old_${_id}_bot`, source: 'token' });
    await m.models.Subscription.create({ _id, ownerId: owner.id, expiresAt: new Date(Date.now() + 3 * DAY_MS), isTrial: true });
    expect(await verdictOf(_id)).toBe('ok');
    const bot = m.sandbox.createBot({ username: 'admins_own_bot' });
    await m.say(m.admin.id, '/new', /Send me the token/);
    const adminReply = textOf(await m.say(m.admin.id, bot.token, /is now your clone/));
    expect(adminReply).toMatch(/Starting it now/);
    expect(adminReply).toMatch(/Free trial until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\./);
    const adminClone = (await m.models.Clone.findOne({ botId: bot.id }).lean())!;
    expect(adminClone.approval).toBeNull();
  }, 60_000);
});

describe('approval of new clones set from /admin → ⚙️ Platform', () => {
  const m = new InProcessMother({ USER_RATE_PER_MINUTE: '10000' }, { flood: { enabled: false } });
  let owner: { id: number };
  let eve: { id: number };

  const createClone = (username: string) => createCloneAs(m, owner, username);

  beforeAll(async () => {
    ({ owner, eve } = await startWithPeople(m));
  }, 60_000);
  afterAll(async () => m.close(), 60_000);

  it('an admin turns approval on: the next new clone waits; off again: the next one starts; back to the environment default', async () => {
    await m.say(m.admin.id, '/admin', /Admin panel/);
    const screen = await m.press(m.admin.id, cb.admin('plat'), /Platform settings/);
    expect(screen.screen).toMatch(/Approval of new clones: off — environment default \(CLONE_APPROVAL_REQUIRED\)/);
    expect(screen.screen).toMatch(/Referral reward: 7 free days — environment default \(REFERRAL_REWARD_DAYS\)/);

    const on = await m.press(m.admin.id, cb.admin('papr', 1), /Approval of new clones: on — set here by an admin/);
    expect(on.answer).toBe('Saved');
    const waiting = await createClone('toggled_on_bot');
    expect(waiting.reply).toMatch(/approved by the admins on this platform/);
    expect(waiting.clone.approval).toBe('pending');
    await m.sandbox.waitForBotMessage({ chatId: m.admin.id, botRef: m.id, predicate: (msg) => /waiting for approval: @toggled_on_bot/.test(textOf(msg)) });
    await m.say(m.admin.id, '/admin', /Admin panel/);
    expect((await m.press(m.admin.id, cb.admin('pend', 0), /waiting for approval — 1/)).screen).toMatch(/Approval of new clones: on \(set here by an admin\)/);

    await m.say(m.admin.id, '/admin', /Admin panel/);
    await m.press(m.admin.id, cb.admin('plat'), /Platform settings/);
    await m.press(m.admin.id, cb.admin('papr', 0), /Approval of new clones: off — set here by an admin/);
    const started = await createClone('toggled_off_bot');
    expect(started.reply).toMatch(/Starting it now/);
    expect(started.clone.approval).toBeNull();

    // Back to the environment's value (off here); the button shows only while an admin's value is set.
    await m.say(m.admin.id, '/admin', /Admin panel/);
    await m.press(m.admin.id, cb.admin('plat'), /Platform settings/);
    const back = await m.press(m.admin.id, cb.admin('papr', 'env'), /Approval of new clones: off — environment default/);
    expect(JSON.stringify(back.message)).not.toContain('a:papr:env');
    expect(await m.models.PlatformSettings.findById('platform').lean()).not.toHaveProperty('cloneApprovalRequired');
    const audit = await m.models.AuditEvent.find({ action: 'platform.settings' }).sort({ at: 1 }).lean();
    expect(audit.map((e) => [e.actorId, e.targetType, e.details.setting, e.details.to, e.details.toSource])).toEqual([
      [m.admin.id, 'platform', 'cloneApprovalRequired', true, 'admin'],
      [m.admin.id, 'platform', 'cloneApprovalRequired', false, 'admin'],
      [m.admin.id, 'platform', 'cloneApprovalRequired', false, 'env'],
    ]);
  }, 120_000);

  it('refuses the platform buttons and the typed value to non-admins, and tampered buttons to admins; nothing changes', async () => {
    const settingsBefore = JSON.stringify(await m.models.PlatformSettings.findById('platform').lean());
    const auditBefore = await m.models.AuditEvent.countDocuments({});
    await m.say(eve.id, '/help', /Commands/);
    for (const data of ['a:plat', 'a:papr:1', 'a:papr:env', 'a:prwd:0', 'a:prwd:env', 'a:prwt']) {
      expect((await m.press(eve.id, data, (r) => r.answered)).answer).toMatch(/not for you/);
    }
    // Eve types a number while her conversation is at the admin's step (as if she had been asked): not an admin's answer.
    await new ConversationStore(m.models.Conversation).set(eve.id, 'admin_reward_days');
    expect(textOf(await m.say(eve.id, '0', /./))).not.toMatch(/Saved/);
    await expect(m.services.settings.setReferralRewardDays({ id: eve.id, isAdmin: false }, 0)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(m.services.settings.setCloneApprovalRequired({ id: eve.id, isAdmin: false }, true)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });

    await m.say(m.admin.id, '/admin', /Admin panel/);
    for (const data of ['a:papr:2', 'a:papr', 'a:papr:1:1', 'a:prwd:366', 'a:prwd:-1', 'a:prwd:x', 'a:prwd']) {
      expect((await m.press(m.admin.id, data, (r) => r.answered)).answer).toMatch(/not valid any more/);
    }
    expect(JSON.stringify(await m.models.PlatformSettings.findById('platform').lean())).toBe(settingsBefore);
    expect(await m.models.AuditEvent.countDocuments({})).toBe(auditBefore);
  }, 60_000);
});
