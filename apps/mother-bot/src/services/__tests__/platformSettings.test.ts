import { ensurePlatformIndexes, platformModels, type PlatformModels } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { AuditLog } from '../auditLog';
import { PlatformSettings } from '../platformSettings';

/**
 * The platform settings service on a real database: the environment's values until an admin
 * sets one, admins only, 0..365 whole days, one audit event per change, and a change made on
 * one mother read at once by another (two services on one database, as on two hosts).
 */
describe('PlatformSettings', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: PlatformModels;
  const admin = { id: 1, isAdmin: true };
  const owner = { id: 2, isAdmin: false };
  const defaults = { referralRewardDays: 7, cloneApprovalRequired: false };
  const make = (cacheMs?: number) => new PlatformSettings({ models, audit: new AuditLog(models.AuditEvent), defaults, cacheMs });

  beforeAll(async () => {
    db = await openTestDatabase('platform-settings');
    models = platformModels(db.connection);
    await ensurePlatformIndexes(models);
  });
  afterAll(() => db.drop());

  it('starts at the environment values, takes an admin value over them, and goes back', async () => {
    const settings = make();
    expect(await settings.read()).toEqual(defaults);
    expect(await settings.view(admin)).toEqual({ referralRewardDays: { value: 7, source: 'env' }, cloneApprovalRequired: { value: false, source: 'env' } });
    await settings.setCloneApprovalRequired(admin, true);
    const view = await settings.setReferralRewardDays(admin, 0);
    expect(view).toEqual({ referralRewardDays: { value: 0, source: 'admin' }, cloneApprovalRequired: { value: true, source: 'admin' } });
    expect(await settings.read()).toEqual({ referralRewardDays: 0, cloneApprovalRequired: true });
    await settings.setReferralRewardDays(admin, null);
    await settings.setCloneApprovalRequired(admin, null);
    expect(await settings.view(admin)).toEqual({ referralRewardDays: { value: 7, source: 'env' }, cloneApprovalRequired: { value: false, source: 'env' } });
    const events = await models.AuditEvent.find({ action: 'platform.settings' }).sort({ at: 1, _id: 1 }).lean();
    expect(events.map((e) => [e.actorId, e.actorRole, e.targetType, e.targetId, e.details.setting, e.details.to, e.details.toSource])).toEqual([
      [1, 'admin', 'platform', 'platform', 'cloneApprovalRequired', true, 'admin'],
      [1, 'admin', 'platform', 'platform', 'referralRewardDays', 0, 'admin'],
      [1, 'admin', 'platform', 'platform', 'referralRewardDays', 7, 'env'],
      [1, 'admin', 'platform', 'platform', 'cloneApprovalRequired', false, 'env'],
    ]);
  });

  it('refuses non-admins and days outside 0..365 or not whole, and changes nothing then', async () => {
    const settings = make();
    const audit = await models.AuditEvent.countDocuments({});
    await expect(settings.view(owner)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(settings.setCloneApprovalRequired(owner, true)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(settings.setReferralRewardDays(owner, 3)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    for (const bad of [-1, 366, 2.5, Number.NaN]) await expect(settings.setReferralRewardDays(admin, bad)).rejects.toMatchObject({ code: 'INVALID_REWARD_DAYS' });
    expect(await settings.read()).toEqual(defaults);
    expect(await models.AuditEvent.countDocuments({})).toBe(audit);
  });

  it('another mother reads a change at once; its cached copy follows once the cache is stale', async () => {
    const here = make();
    const there = make(60_000);
    expect(await there.cached()).toEqual(defaults);
    await here.setReferralRewardDays(admin, 14);
    expect((await there.read()).referralRewardDays).toBe(14); // decisions read afresh
    expect((await make(0).cached()).referralRewardDays).toBe(14); // a cache of 0 ms is a read
    await here.setReferralRewardDays(admin, null);
  });
});
