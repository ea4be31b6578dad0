import { readCloneViews, subscriptionPolicy, type AppConfig, type CloneDoc, type CloneView, type PlatformModels } from '@motherbot/core';
import type { Actor } from './actor';
import type { AuditLog } from './auditLog';
import { withCloneLock } from './keyedLock';
import { CloneNotFoundError } from './onboardingErrors';
import { OwnerCloneList } from './ownerCloneList';
import { CloneSuspendedError, NotAllowedError } from './serviceErrors';
import { extendSubscription, type ExtensionResult } from './subscriptionChanges';

export interface CloneActionsDeps {
  config: AppConfig;
  models: PlatformModels;
  audit: AuditLog;
  /** The clone manager's reconcileNow: actions only change the database, the manager acts. */
  onChange: () => void;
  clock?: () => Date;
}

/**
 * What owners and admins do to a clone. Level-triggered: every action is one update of the
 * clone or its subscription, then `onChange()`; PM2 is never touched here.
 *
 * Every read and write here is a point operation (`{_id}` and nothing else in the filter, the
 * one filter FerretDB 1.24 does not answer by reading the whole collection): the clone is read
 * by id, and who may act on it (its owner unless the actor is an admin), whether it is deleted
 * or suspended are checked in code; the write then goes by id, under a per-clone lock so that
 * two actions on one clone in the mother never interleave between check and write. A forged
 * button naming someone else's clone is refused by that check.
 */
export class CloneActions {
  private readonly owned: OwnerCloneList;

  constructor(private readonly deps: CloneActionsDeps) {
    this.owned = new OwnerCloneList(deps.models);
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  /** The clone if the actor may act on it; CloneNotFoundError when it is gone, deleted or not theirs. */
  private async load(cloneId: string, actor: Actor): Promise<CloneDoc> {
    const clone = await this.deps.models.Clone.findById(cloneId).lean<CloneDoc>();
    if (!clone || clone.deletedAt || (!actor.isAdmin && clone.ownerId !== actor.id)) throw new CloneNotFoundError(cloneId);
    return clone;
  }

  private views(clones: CloneDoc[]): Promise<CloneView[]> {
    // Several hosts: the card says where the clone runs (one more point read per clone).
    return readCloneViews(this.deps.models, clones, subscriptionPolicy(this.deps.config), () => this.now(), Boolean(this.deps.config.hostId));
  }

  /** Views of many clones (admin lists). */
  async viewsOf(clones: CloneDoc[]): Promise<CloneView[]> {
    return this.views(clones);
  }

  /** The owner's clones (not deleted), oldest first: the owner's list, then point reads. */
  async listOwned(ownerId: number): Promise<CloneView[]> {
    return this.views(await this.owned.live(ownerId));
  }

  /** One clone as the actor may see it; CloneNotFoundError when it is gone or not theirs. */
  async view(cloneId: string, actor: Actor): Promise<CloneView> {
    const [view] = await this.views([await this.load(cloneId, actor)]);
    return view!;
  }

  /** Checks and writes one clone; the caller holds the clone's lock. */
  private async apply(cloneId: string, actor: Actor, set: Record<string, unknown>, refuseSuspended = false): Promise<CloneDoc> {
    const clone = await this.load(cloneId, actor);
    if (refuseSuspended && !actor.isAdmin && clone.suspended) throw new CloneSuspendedError(cloneId);
    const updated = await this.deps.models.Clone.findByIdAndUpdate(cloneId, { $set: set }, { returnDocument: 'after' }).lean<CloneDoc>();
    if (!updated) throw new CloneNotFoundError(cloneId);
    return updated;
  }

  private update(cloneId: string, actor: Actor, set: Record<string, unknown>, refuseSuspended = false): Promise<CloneDoc> {
    return withCloneLock(cloneId, () => this.apply(cloneId, actor, set, refuseSuspended));
  }

  /** Start (or start again after a crash loop): an explicit start clears the crash-loop mark. */
  async start(cloneId: string, actor: Actor): Promise<CloneDoc> {
    const clone = await this.update(cloneId, actor, { desiredRunning: true, crashLoopAt: null, restartLog: [], notifyOwnerOnLive: true }, true);
    await this.deps.audit.record(actor, 'clone.start', 'clone', cloneId, { botUsername: clone.botUsername });
    this.deps.onChange();
    return clone;
  }

  async stop(cloneId: string, actor: Actor): Promise<CloneDoc> {
    const clone = await this.update(cloneId, actor, { desiredRunning: false });
    await this.deps.audit.record(actor, 'clone.stop', 'clone', cloneId, { botUsername: clone.botUsername });
    this.deps.onChange();
    return clone;
  }

  /**
   * Asks the manager to restart the worker. The request time is wall-clock time on purpose: the
   * manager compares it with PM2's own start time of the worker (see reconcilePlan).
   */
  async restart(cloneId: string, actor: Actor): Promise<CloneDoc> {
    const clone = await this.update(cloneId, actor, { restartRequestedAt: new Date(), notifyOwnerOnLive: true }, true);
    await this.deps.audit.record(actor, 'clone.restart', 'clone', cloneId, { botUsername: clone.botUsername });
    this.deps.onChange();
    return clone;
  }

  /**
   * Soft delete: the manager removes the worker; the data stays for the retention period
   * (the ops scheduler's retention pass purges it). Re-adding the same bot by the same owner restores the clone.
   * The clone leaves its owner's list after it is marked deleted (the list may over-list, never
   * under-list), under the clone's lock, which a restore of the same clone also takes.
   */
  async remove(cloneId: string, actor: Actor): Promise<CloneDoc> {
    const clone = await withCloneLock(cloneId, async () => {
      const removed = await this.apply(cloneId, actor, { deletedAt: this.now(), desiredRunning: false });
      await this.owned.remove(removed.ownerId, cloneId);
      return removed;
    });
    await this.deps.audit.record(actor, 'clone.delete', 'clone', cloneId, { botUsername: clone.botUsername, ownerId: clone.ownerId });
    this.deps.onChange();
    return clone;
  }

  /** Admin only. The owner cannot undo a suspension. */
  async suspend(cloneId: string, admin: Actor, reason = 'suspended by an admin'): Promise<CloneDoc> {
    if (!admin.isAdmin) throw new NotAllowedError('clone.suspend');
    const clone = await this.update(cloneId, admin, { suspended: { at: this.now(), by: admin.id, reason } });
    await this.deps.audit.record(admin, 'clone.suspend', 'clone', cloneId, { botUsername: clone.botUsername, reason });
    this.deps.onChange();
    return clone;
  }

  async unsuspend(cloneId: string, admin: Actor): Promise<CloneDoc> {
    if (!admin.isAdmin) throw new NotAllowedError('clone.unsuspend');
    const clone = await this.update(cloneId, admin, { suspended: null });
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
