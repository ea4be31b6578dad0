import { userKey, type CloneDoc, type PlatformModels, type UserDoc } from '@motherbot/core';
import type { AuditLog } from './auditLog';
import { withOwnerLock } from './keyedLock';
import { OwnerCloneList } from './ownerCloneList';

export interface PrivacyReport {
  user: UserDoc | null;
  clones: Pick<CloneDoc, '_id' | 'botUsername' | 'createdAt' | 'deletedAt'>[];
  payments: number;
  auditEvents: number;
  conversation: boolean;
}

/**
 * `/privacy`: what the mother stores about a user, and deleting it. Deleting an account deletes
 * the user's clones (their data is purged after the retention period, like any deleted clone),
 * the user record and any conversation in progress. Payments are kept (refunds, accounting)
 * and so is the audit log; both hold only the Telegram id. See docs/privacy.md.
 */
export class PrivacyService {
  constructor(
    private readonly deps: {
      models: PlatformModels;
      audit: AuditLog;
      onChange: () => void;
      onUserChanged?: (userId: number) => void;
      clock?: () => Date;
    },
  ) {}

  async report(userId: number): Promise<PrivacyReport> {
    const { models } = this.deps;
    const [user, clones, payments, auditEvents, conversation] = await Promise.all([
      models.User.findById(userKey(userId)).lean<UserDoc>(),
      models.Clone.find({ ownerId: userId }, { botUsername: 1, createdAt: 1, deletedAt: 1 }).lean<CloneDoc[]>(),
      models.Payment.countDocuments({ userId }),
      models.AuditEvent.countDocuments({ actorId: userId }),
      models.Conversation.countDocuments({ _id: { $regex: `:${userId}$` } }),
    ]);
    return { user: user ?? null, clones, payments, auditEvents, conversation: conversation > 0 };
  }

  /**
   * Deletes the account; returns how many clones were deleted. A banned user stays banned.
   * Rare, so its clones are found by owner (a scan); under the owner lock, so a clone being
   * created at the same moment is either deleted here or created after, never left unlisted.
   */
  async deleteAccount(userId: number): Promise<number> {
    const { models } = this.deps;
    const now = this.deps.clock?.() ?? new Date();
    const result = await withOwnerLock(userId, async () => {
      const deleted = await models.Clone.updateMany({ ownerId: userId, deletedAt: null }, { $set: { deletedAt: now, desiredRunning: false } });
      await new OwnerCloneList(models).clear(userId);
      return deleted;
    });
    await models.Conversation.deleteMany({ _id: { $regex: `:${userId}$` } });
    const key = userKey(userId);
    const user = await models.User.findById(key).lean<UserDoc>();
    if (user?.banned) {
      await models.User.updateOne({ _id: key }, { $set: { firstName: '', username: null, languageCode: null } });
    } else {
      await models.User.deleteOne({ _id: key });
    }
    await this.deps.audit.record({ id: userId, isAdmin: false }, 'user.delete', 'user', String(userId), { clonesDeleted: result.modifiedCount });
    this.deps.onUserChanged?.(userId);
    this.deps.onChange();
    return result.modifiedCount;
  }
}
