import { trialExpiry, type CloneDoc, type PlatformModels, type SubscriptionDoc } from '@motherbot/core';
import type { Actor } from './actor';
import type { AuditLog } from './auditLog';
import { withCloneLock, withKeyLock } from './keyedLock';
import { CloneNotFoundError } from './onboardingErrors';
import { NotAllowedError, NotPendingApprovalError } from './serviceErrors';

/**
 * Admin approval of new clones (CLONE_APPROVAL_REQUIRED). Onboarding creates the clone with
 * `approval: 'pending'`; its run verdict is then `pending_approval` and the clone manager does
 * not start it. An admin approves (the clone starts on the next reconcile, and a trial starts
 * again from that moment, so waiting for an admin costs the owner nothing) or rejects it, with
 * an optional reason. Each decision is made once, under the clone's lock.
 */
export class CloneApprovals {
  constructor(
    private readonly deps: {
      models: PlatformModels;
      audit: AuditLog;
      trialDays: number;
      onChange: () => void;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  /**
   * Clones waiting for a decision, oldest first. A query on `approval` (FerretDB reads the whole
   * clones collection for it): an admin screen, never on an owner's update path.
   */
  async pending(admin: Actor, page: number, size: number): Promise<{ clones: CloneDoc[]; total: number }> {
    if (!admin.isAdmin) throw new NotAllowedError('clone.approval');
    const all = await this.deps.models.Clone.find({ approval: 'pending', deletedAt: null }).sort({ createdAt: 1, _id: 1 }).lean<CloneDoc[]>();
    return { clones: all.slice(page * size, (page + 1) * size), total: all.length };
  }

  private async decide(cloneId: string, admin: Actor, set: Record<string, unknown>): Promise<CloneDoc> {
    if (!admin.isAdmin) throw new NotAllowedError('clone.approval');
    return withCloneLock(cloneId, async () => {
      const clone = await this.deps.models.Clone.findById(cloneId).lean<CloneDoc>();
      if (!clone || clone.deletedAt) throw new CloneNotFoundError(cloneId);
      if (clone.approval !== 'pending') throw new NotPendingApprovalError(cloneId);
      await this.deps.models.Clone.updateOne({ _id: cloneId }, { $set: set });
      return clone;
    });
  }

  /** Approves a pending clone: it starts, and a trial runs from now. */
  async approve(cloneId: string, admin: Actor): Promise<CloneDoc> {
    const clone = await this.decide(cloneId, admin, { approval: null, approvalReason: null, notifyOwnerOnLive: true });
    const fresh = trialExpiry(this.deps.trialDays, this.now());
    // Under the subscription's lock, like every change of an expiry (subscriptionChanges.ts).
    await withKeyLock(`sub:${cloneId}`, async () => {
      const sub = await this.deps.models.Subscription.findById(cloneId).lean<SubscriptionDoc>();
      if (sub?.isTrial && sub.expiresAt < fresh) await this.deps.models.Subscription.updateOne({ _id: cloneId }, { $set: { expiresAt: fresh, remindersSent: [] } });
    });
    await this.deps.audit.record(admin, 'clone.approve', 'clone', cloneId, { owner: clone.ownerId });
    this.deps.onChange();
    return clone;
  }

  /** Rejects a pending clone: it never starts; the owner may delete it. */
  async reject(cloneId: string, admin: Actor, reason: string): Promise<CloneDoc> {
    const text = reason.trim().slice(0, 300);
    const clone = await this.decide(cloneId, admin, { approval: 'rejected', approvalReason: text || null });
    await this.deps.audit.record(admin, 'clone.reject', 'clone', cloneId, { owner: clone.ownerId, reason: text });
    this.deps.onChange();
    return clone;
  }
}
