import { runVerdict, type AppConfig, type CloneDoc, type PlatformModels, type RunVerdict, type SubscriptionDoc } from '@motherbot/core';
import type { Actor } from './actor';
import type { AuditLog } from './auditLog';
import { CloneNotFoundError } from './onboardingErrors';
import { CloneSuspendedError, NotAllowedError } from './serviceErrors';
import { extendSubscription, type ExtensionResult } from './subscriptionChanges';

/** A clone with what decides whether it runs: shown on owner and admin cards. */
export interface CloneView {
  clone: CloneDoc;
  subscription: SubscriptionDoc | null;
  verdict: RunVerdict;
  ownerBanned: boolean;
}

export interface CloneActionsDeps {
  config: AppConfig;
  models: PlatformModels;
  audit: AuditLog;
  /** The clone manager's reconcileNow: actions only change the database, the manager acts. */
  onChange: () => void;
  clock?: () => Date;
}

/**
 * What owners and admins do to a clone. Level-triggered: every action is one guarded update of
 * the clone or its subscription, then `onChange()`; PM2 is never touched here. The filter
 * carries the ownership check (`ownerId` unless the actor is an admin), so a forged button
 * cannot act on someone else's clone even between the read and the write.
 */
export class CloneActions {
  constructor(private readonly deps: CloneActionsDeps) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  private scope(cloneId: string, actor: Actor): Record<string, unknown> {
    return actor.isAdmin ? { _id: cloneId, deletedAt: null } : { _id: cloneId, ownerId: actor.id, deletedAt: null };
  }

  private async views(clones: CloneDoc[]): Promise<CloneView[]> {
    const { models, config } = this.deps;
    const ids = clones.map((c) => c._id);
    const owners = [...new Set(clones.map((c) => c.ownerId))];
    const [subs, banned] = await Promise.all([
      models.Subscription.find({ _id: { $in: ids } }).lean<SubscriptionDoc[]>(),
      models.User.find({ _id: { $in: owners }, banned: true }, { _id: 1 }).lean(),
    ]);
    const subOf = new Map(subs.map((s) => [s._id, s]));
    const bannedIds = new Set(banned.map((u) => u._id));
    const policy = { graceMs: config.graceHours * 3_600_000 };
    const now = this.now();
    return clones.map((clone) => {
      const subscription = subOf.get(clone._id) ?? null;
      const ownerBanned = bannedIds.has(clone.ownerId);
      return { clone, subscription, ownerBanned, verdict: runVerdict({ clone, subscription, ownerBanned }, policy, now) };
    });
  }

  /** Views of many clones (admin lists). */
  async viewsOf(clones: CloneDoc[]): Promise<CloneView[]> {
    return this.views(clones);
  }

  /** The owner's clones (not deleted), oldest first. */
  async listOwned(ownerId: number): Promise<CloneView[]> {
    const clones = await this.deps.models.Clone.find({ ownerId, deletedAt: null }).sort({ createdAt: 1 }).lean<CloneDoc[]>();
    return this.views(clones);
  }

  /** One clone as the actor may see it; CloneNotFoundError when it is gone or not theirs. */
  async view(cloneId: string, actor: Actor): Promise<CloneView> {
    const clone = await this.deps.models.Clone.findOne(this.scope(cloneId, actor)).lean<CloneDoc>();
    if (!clone) throw new CloneNotFoundError(cloneId);
    const [view] = await this.views([clone]);
    return view!;
  }

  private async update(cloneId: string, actor: Actor, extraFilter: Record<string, unknown>, set: Record<string, unknown>): Promise<CloneDoc> {
    const updated = await this.deps.models.Clone.findOneAndUpdate({ ...this.scope(cloneId, actor), ...extraFilter }, { $set: set }, { returnDocument: 'after' }).lean<CloneDoc>();
    if (!updated) {
      const exists = await this.deps.models.Clone.findOne(this.scope(cloneId, actor)).lean<CloneDoc>();
      if (!exists) throw new CloneNotFoundError(cloneId);
      throw new CloneSuspendedError(cloneId);
    }
    return updated;
  }

  /** Start (or start again after a crash loop): an explicit start clears the crash-loop mark. */
  async start(cloneId: string, actor: Actor): Promise<CloneDoc> {
    const guard = actor.isAdmin ? {} : { suspended: null };
    const clone = await this.update(cloneId, actor, guard, { desiredRunning: true, crashLoopAt: null, restartLog: [], notifyOwnerOnLive: true });
    await this.deps.audit.record(actor, 'clone.start', 'clone', cloneId, { botUsername: clone.botUsername });
    this.deps.onChange();
    return clone;
  }

  async stop(cloneId: string, actor: Actor): Promise<CloneDoc> {
    const clone = await this.update(cloneId, actor, {}, { desiredRunning: false });
    await this.deps.audit.record(actor, 'clone.stop', 'clone', cloneId, { botUsername: clone.botUsername });
    this.deps.onChange();
    return clone;
  }

  /**
   * Asks the manager to restart the worker. The request time is wall-clock time on purpose: the
   * manager compares it with PM2's own start time of the worker (see reconcilePlan).
   */
  async restart(cloneId: string, actor: Actor): Promise<CloneDoc> {
    const guard = actor.isAdmin ? {} : { suspended: null };
    const clone = await this.update(cloneId, actor, guard, { restartRequestedAt: new Date(), notifyOwnerOnLive: true });
    await this.deps.audit.record(actor, 'clone.restart', 'clone', cloneId, { botUsername: clone.botUsername });
    this.deps.onChange();
    return clone;
  }

  /**
   * Soft delete: the manager removes the worker; the data stays for the retention period
   * (CloneRetention purges it). Re-adding the same bot by the same owner restores the clone.
   */
  async remove(cloneId: string, actor: Actor): Promise<CloneDoc> {
    const clone = await this.update(cloneId, actor, {}, { deletedAt: this.now(), desiredRunning: false });
    await this.deps.audit.record(actor, 'clone.delete', 'clone', cloneId, { botUsername: clone.botUsername, ownerId: clone.ownerId });
    this.deps.onChange();
    return clone;
  }

  /** Admin only. The owner cannot undo a suspension. */
  async suspend(cloneId: string, admin: Actor, reason = 'suspended by an admin'): Promise<CloneDoc> {
    if (!admin.isAdmin) throw new NotAllowedError('clone.suspend');
    const clone = await this.update(cloneId, admin, {}, { suspended: { at: this.now(), by: admin.id, reason } });
    await this.deps.audit.record(admin, 'clone.suspend', 'clone', cloneId, { botUsername: clone.botUsername, reason });
    this.deps.onChange();
    return clone;
  }

  async unsuspend(cloneId: string, admin: Actor): Promise<CloneDoc> {
    if (!admin.isAdmin) throw new NotAllowedError('clone.unsuspend');
    const clone = await this.update(cloneId, admin, {}, { suspended: null });
    await this.deps.audit.record(admin, 'clone.unsuspend', 'clone', cloneId, { botUsername: clone.botUsername });
    this.deps.onChange();
    return clone;
  }

  /** Admin grant of `days` (1..3650), counted like a payment from the later of now and expiry. */
  async extend(cloneId: string, admin: Actor, days: number): Promise<ExtensionResult> {
    if (!admin.isAdmin) throw new NotAllowedError('clone.extend');
    if (!Number.isSafeInteger(days) || days < 1 || days > 3650) throw new NotAllowedError('clone.extend: days out of range');
    const { clone } = await this.view(cloneId, admin);
    const result = await extendSubscription(this.deps.models, { cloneId, ownerId: clone.ownerId, days, now: this.now() });
    await this.deps.audit.record(admin, 'clone.extend', 'clone', cloneId, { days, from: result.previousExpiry, to: result.expiresAt });
    this.deps.onChange();
    return result;
  }
}
