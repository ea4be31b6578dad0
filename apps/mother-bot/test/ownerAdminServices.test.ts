import { DAY_MS, createLogger, loadConfig, newCloneId, platformModels, ensurePlatformIndexes, userKey, type PlatformModels } from '@motherbot/core';
import { applyRetention } from '@motherbot/ops';
import { openTestDatabase } from '@test-support/database';
import type { Connection } from 'mongoose';
import { cb, decodeAdmin, decodeOwner, decodePay, encodeCallback } from '../src/bot/callbackData';
import { createMotherServices, type MotherServices } from '../src/services/motherServices';
import { decodePayload, encodePayload, paymentRef } from '../src/services/starsPayments';
import { ReminderJob, type Reminder } from '../src/services/reminders';

/**
 * The owner/admin services against the real database (FerretDB), no bot, no PM2: payments are
 * idempotent, reminders are sent once each, actions are refused to the wrong person, purge frees
 * the bot id.
 */
describe('owner and admin services', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: PlatformModels;
  let services: MotherServices;
  let now = new Date('2030-01-01T00:00:00Z');
  let changes = 0;
  const ADMIN = { id: 1, isAdmin: true };
  const OWNER = { id: 100, isAdmin: false };
  const OTHER = { id: 200, isAdmin: false };
  const logger = createLogger({ label: 'test', level: 'error', console: false });

  const config = (dbName: string) =>
    loadConfig({ envFile: null, env: { NODE_ENV: 'test', ADMIN_IDS: '1', DATABASE_NAME: dbName, REMINDER_DAYS: '3,1,0', MASTER_KEY: 'k'.repeat(40) } });

  const makeClone = async (ownerId = OWNER.id, expiresAt = new Date(now.getTime() + 3 * DAY_MS)): Promise<string> => {
    const _id = newCloneId();
    await models.Clone.create({ _id, ownerId, botId: Math.floor(Math.random() * 1e9), botUsername: `bot_${_id}`, source: 'token' });
    await models.Subscription.create({ _id, ownerId, expiresAt, isTrial: true });
    await models.OwnerClones.updateOne({ _id: userKey(ownerId) }, { $addToSet: { cloneIds: _id } }, { upsert: true });
    return _id;
  };

  beforeAll(async () => {
    db = await openTestDatabase('svc');
    models = platformModels(db.connection as Connection);
    await ensurePlatformIndexes(models);
    services = createMotherServices({ config: config(db.dbName), models, db: db.connection, logger, onChange: () => void (changes += 1), clock: () => now });
    await services.plans.seedDefaults();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('applies a Stars payment once per charge id, even when delivered twice at the same time', async () => {
    const cloneId = await makeClone();
    const invoice = await services.payments.invoiceFor(cloneId, OWNER, 'm1');
    expect(Buffer.byteLength(invoice.payload)).toBeLessThanOrEqual(128);
    expect(await services.payments.checkPreCheckout({ userId: OWNER.id, payload: invoice.payload, currency: 'XTR', totalAmount: 100 })).toBeUndefined();
    expect(await services.payments.checkPreCheckout({ userId: OTHER.id, payload: invoice.payload, currency: 'XTR', totalAmount: 100 })).toBe('notYours');
    expect(await services.payments.checkPreCheckout({ userId: OWNER.id, payload: invoice.payload, currency: 'XTR', totalAmount: 1 })).toBe('priceChanged');
    expect(await services.payments.checkPreCheckout({ userId: OWNER.id, payload: 'r1:zz:m1', currency: 'XTR', totalAmount: 100 })).toBe('invalid');
    const before = (await models.Subscription.findById(cloneId).lean())!.expiresAt;
    const paid = { userId: OWNER.id, payload: invoice.payload, currency: 'XTR', totalAmount: 100, chargeId: 'stx-charge-1', providerChargeId: '' };
    const results = await Promise.all([services.payments.applySuccessfulPayment(paid), services.payments.applySuccessfulPayment(paid)]);
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect((await services.payments.applySuccessfulPayment(paid)).applied).toBe(false);
    const sub = (await models.Subscription.findById(cloneId).lean())!;
    expect(sub.expiresAt.getTime()).toBe(before.getTime() + 30 * DAY_MS);
    expect(sub.appliedCharges).toEqual(['stx-charge-1']);
    expect(sub.isTrial).toBe(false);
    expect(await models.Payment.countDocuments({ _id: 'stx-charge-1' })).toBe(1);
  });

  it('refunds once (admin only) and takes the paid days off', async () => {
    const cloneId = await makeClone();
    const invoice = await services.payments.invoiceFor(cloneId, OWNER, 'm1');
    await services.payments.applySuccessfulPayment({ userId: OWNER.id, payload: invoice.payload, currency: 'XTR', totalAmount: 100, chargeId: 'stx-charge-2', providerChargeId: '' });
    const extended = (await models.Subscription.findById(cloneId).lean())!.expiresAt;
    const refunded: string[] = [];
    const refundStars = async (_user: number, charge: string) => void refunded.push(charge);
    await expect(services.payments.refund(paymentRef('stx-charge-2'), OWNER, refundStars)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    // Two admins pressing Refund at once: one refund, the other told it is done already.
    const both = await Promise.allSettled([services.payments.refund(paymentRef('stx-charge-2'), ADMIN, refundStars), services.payments.refund(paymentRef('stx-charge-2'), ADMIN, refundStars)]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(both.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason).toMatchObject({ code: 'ALREADY_REFUNDED' });
    await expect(services.payments.refund(paymentRef('stx-charge-2'), ADMIN, refundStars)).rejects.toMatchObject({ code: 'ALREADY_REFUNDED' });
    expect(refunded).toEqual(['stx-charge-2']);
    expect((await models.Subscription.findById(cloneId).lean())!.expiresAt.getTime()).toBe(extended.getTime() - 30 * DAY_MS);
    expect((await models.Payment.findById('stx-charge-2').lean())!.status).toBe('refunded');
    expect(await services.payments.starsSince(new Date(0))).toBe(100); // the refunded one does not count
  });

  it('sends each reminder once per expiry, across job instances (a restart), and again after an extension', async () => {
    const start = now;
    const cloneId = await makeClone(OWNER.id, new Date(start.getTime() + 5 * DAY_MS));
    const sent: Reminder[] = [];
    const send = async (r: Reminder) => void sent.push(r);
    const job = () => new ReminderJob({ models, offsetsDays: [3, 1, 0], logger, clock: () => now });
    const mine = () => sent.filter((r) => r.cloneId === cloneId).map((r) => r.offsetDays);
    await job().runOnce(send);
    expect(mine()).toEqual([]);
    now = new Date(start.getTime() + 2 * DAY_MS + 60_000);
    await Promise.all([job().runOnce(send), job().runOnce(send)]);
    expect(mine()).toEqual([3]);
    now = new Date(start.getTime() + 4 * DAY_MS + 60_000);
    await job().runOnce(send);
    await job().runOnce(send);
    expect(mine()).toEqual([3, 1]);
    now = new Date(start.getTime() + 5 * DAY_MS + 60_000);
    await job().runOnce(send);
    await job().runOnce(send);
    expect(mine()).toEqual([3, 1, 0]);
    await services.clones.extend(cloneId, ADMIN, 2);
    now = new Date(now.getTime() + 1 * DAY_MS + 60_000);
    await job().runOnce(send);
    expect(mine()).toEqual([3, 1, 0, 1]);
    now = start;
  });

  it('refuses owner actions on another owner\'s clone, admin actions to owners, and owner starts of a suspended clone', async () => {
    const cloneId = await makeClone();
    await expect(services.clones.stop(cloneId, OTHER)).rejects.toMatchObject({ code: 'CLONE_NOT_FOUND' });
    await expect(services.clones.remove(cloneId, OTHER)).rejects.toMatchObject({ code: 'CLONE_NOT_FOUND' });
    await expect(services.clones.suspend(cloneId, OWNER)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(services.clones.extend(cloneId, OWNER, 30)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(services.admin.ban({ id: 100, isAdmin: true }, 200)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(services.admin.ban(ADMIN, 1)).rejects.toMatchObject({ code: 'CANNOT_BAN_ADMIN' });
    expect((await models.Clone.findById(cloneId).lean())!.desiredRunning).toBe(true);
    const changesBefore = changes;
    await services.clones.suspend(cloneId, ADMIN);
    await expect(services.clones.start(cloneId, OWNER)).rejects.toMatchObject({ code: 'CLONE_SUSPENDED' });
    await services.clones.stop(cloneId, OWNER);
    expect(changes).toBe(changesBefore + 2);
    const view = await services.clones.view(cloneId, OWNER);
    expect(view.verdict).toBe('suspended');
    await services.clones.start(cloneId, ADMIN);
    const actions = (await models.AuditEvent.find({ targetId: cloneId }).lean()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['clone.suspend', 'clone.stop', 'clone.start']));
  });

  it('purges a deleted clone after retention: its database is dropped and its bot id is free', async () => {
    const cloneId = await makeClone();
    const cloneDb = db.connection.useDb(`${db.dbName}_clone_${cloneId}`);
    await cloneDb.collection('files').insertOne({ x: 1 });
    const removed = await services.clones.remove(cloneId, OWNER);
    expect(services.retention.purgeAt(removed.deletedAt ?? now)).toEqual(new Date(now.getTime() + 30 * DAY_MS));
    // The purge is the ops scheduler's retention pass, on the retention days owners are told.
    const purged = async (): Promise<string[]> => (await applyRetention({ db: db.connection as Connection, models, settings: config(db.dbName), now })).purgedClones;
    expect(await purged()).not.toContain(cloneId);
    now = new Date(now.getTime() + 31 * DAY_MS);
    expect(await purged()).toContain(cloneId);
    now = new Date('2030-01-01T00:00:00Z');
    expect(await models.Clone.countDocuments({ _id: cloneId })).toBe(0);
    expect(await models.Subscription.countDocuments({ _id: cloneId })).toBe(0);
    const { databases } = await db.connection.db!.admin().listDatabases();
    expect(databases.map((d) => d.name)).not.toContain(`${db.dbName}_clone_${cloneId}`);
  });

  it('deletes an account on request: clones soft-deleted, user record gone', async () => {
    await models.User.create({ _id: userKey(300), firstName: 'Pat' });
    const cloneId = await makeClone(300);
    expect((await services.privacy.report(300)).clones).toHaveLength(1);
    expect(await services.privacy.deleteAccount(300)).toBe(1);
    expect((await models.Clone.findById(cloneId).lean())!.deletedAt).not.toBeNull();
    expect(await models.User.countDocuments({ _id: userKey(300) })).toBe(0);
    expect((await models.OwnerClones.findById(userKey(300)).lean())?.cloneIds).toEqual([]);
  });

  it('encodes callback data within 64 bytes and rejects tampered data', () => {
    const id = 'abcdef012345';
    expect(decodeOwner(cb.owner('stop', id))).toEqual({ action: 'stop', cloneId: id });
    expect(decodeOwner('c:stop:ABC')).toBeUndefined();
    expect(decodeOwner('c:explode:abcdef012345')).toBeUndefined();
    expect(decodeOwner(`c:stop:${id}:x`)).toBeUndefined();
    expect(decodePay(cb.pay(id, 'm1'))).toEqual({ cloneId: id, planCode: 'm1' });
    expect(decodePay('p:abcdef012345:M1;')).toBeUndefined();
    expect(decodeAdmin(cb.admin('ext', id, 30))).toEqual({ action: 'ext', args: [id, '30'] });
    expect(decodeAdmin('a:rm -rf')).toBeUndefined();
    expect(() => encodeCallback('a', 'cl', 'x'.repeat(70))).toThrow(/too long/);
    expect(decodePayload(encodePayload(id, 'y1'))).toEqual({ cloneId: id, planCode: 'y1' });
    expect(decodePayload('r1:abcdef012345:y1:extra')).toBeUndefined();
  });
});
