import {
  botIdOfToken,
  deriveCloneKey,
  newCloneId,
  sealToken,
  trialExpiry,
  type AppConfig,
  type CloneDoc,
  type PlatformModels,
} from '@motherbot/core';
import type { BotIdentity, IdentifyBot } from './botIdentityPort';
import { withCloneLock, withOwnerLock } from './keyedLock';
import { CloneLimitError, CloneNotFoundError, DuplicateBotError, MalformedTokenError, TokenBotMismatchError } from './onboardingErrors';
import { OwnerCloneList } from './ownerCloneList';
import { AuditLog } from './auditLog';
import { platformSettingsFromConfig, type PlatformSettings } from './platformSettings';

export interface CreateCloneInput {
  ownerId: number;
  token: string;
  source: 'token' | 'managed';
  isAdmin?: boolean;
}

export interface CreatedClone {
  cloneId: string;
  botUsername: string;
  trialEndsAt: Date;
  /** The owner had deleted this bot's clone and it was still within retention: it is back, data and all. */
  restored?: boolean;
  /** The platform asks admins to approve new clones: this one waits for them and does not start yet. */
  pendingApproval?: boolean;
}

/**
 * Turning a token into a clone, and giving a clone a new token. Framework-free: Telegram is
 * reached only through the injected `identify`, the manager only through `onChange`.
 */
export class CloneOnboarding {
  private readonly owned: OwnerCloneList;
  private readonly settings: Pick<PlatformSettings, 'read'>;

  constructor(
    private readonly deps: {
      config: AppConfig;
      models: PlatformModels;
      masterKey: string;
      identify: IdentifyBot;
      /** Called after every change the clone manager should act on (it reconciles). */
      onChange: () => void;
      /**
       * Brings a new clone's database to shape (migrations, indexes) while its worker loads, so
       * the worker finds it done. Never rejects: on failure the worker does it at its start.
       */
      prepareCloneData?: (cloneId: string) => Promise<void>;
      /**
       * Whether new clones need an admin's approval (set in /admin over CLONE_APPROVAL_REQUIRED).
       * Without it, one is read from the platform settings document with the config's defaults.
       */
      settings?: Pick<PlatformSettings, 'read'>;
      clock?: () => Date;
    },
  ) {
    this.owned = new OwnerCloneList(deps.models);
    this.settings = deps.settings ?? platformSettingsFromConfig(deps.config, deps.models, new AuditLog(deps.models.AuditEvent, deps.clock), deps.clock);
  }

  /** Records an owner's or admin's change to a clone in the audit log. */
  private async audit(actorId: number, actorRole: 'admin' | 'owner', action: string, cloneId: string, details: Record<string, unknown>): Promise<void> {
    await this.deps.models.AuditEvent.create({ actorId, actorRole, action, targetType: 'clone', targetId: cloneId, details });
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  /** Refuses a clone over the per-owner limit (admins have none): the owner's live clones, by point reads. */
  private async checkLimit(input: CreateCloneInput): Promise<void> {
    if (input.isAdmin) return;
    const limit = this.deps.config.clonesPerOwner;
    if ((await this.owned.live(input.ownerId)).length >= limit) throw new CloneLimitError(limit);
  }

  /**
   * Validates the token (shape, then getMe), enforces one clone per bot and the per-owner
   * limit, stores the token sealed, starts the trial. Nothing is stored when any check fails
   * (but the new id in the owner's list, which readers skip while no such clone exists).
   * One creation per owner at a time (the owner lock), so two at once can neither both pass
   * the limit nor lose one another from the owner's list.
   */
  async createClone(input: CreateCloneInput): Promise<CreatedClone> {
    const token = input.token.trim();
    const botId = botIdOfToken(token);
    if (botId === undefined) throw new MalformedTokenError();
    return withOwnerLock(input.ownerId, () => this.createLocked(input, token, botId));
  }

  private async createLocked(input: CreateCloneInput, token: string, botId: number): Promise<CreatedClone> {
    const { models, config } = this.deps;
    // Not a point read: `botId` is unique by index, and creation is rare next to updates; the
    // clones collection grows with clones, not with users (docs/database.md).
    const existing = await models.Clone.findOne({ botId }, { botUsername: 1, ownerId: 1, deletedAt: 1 }).lean();
    if (existing?.deletedAt && existing.ownerId === input.ownerId) return this.restoreClone(existing._id, input, token, botId);
    if (existing) throw new DuplicateBotError(existing.botUsername, existing.ownerId === input.ownerId);
    await this.checkLimit(input);
    const me = await this.deps.identify(token);
    if (me.id !== botId) throw new MalformedTokenError();

    const cloneId = newCloneId();
    const now = this.now();
    // Admins' own clones need no approval. Read afresh: an admin may have just changed it, on any mother.
    const pendingApproval = !input.isAdmin && (await this.settings.read()).cloneApprovalRequired;
    const trialEndsAt = trialExpiry(config.trialDays, now);
    // Listed before it exists: the owner's list may over-list, never under-list.
    await this.owned.add(input.ownerId, cloneId);
    // The token first: a clone document never exists without it (a worker started from it
    // would fail). If the clone insert then loses a race on botId, the token goes again.
    await models.CloneToken.create({ _id: cloneId, sealed: sealToken(deriveCloneKey(this.deps.masterKey, cloneId), cloneId, token), updatedAt: now });
    try {
      await models.Clone.create({
        _id: cloneId,
        ownerId: input.ownerId,
        botId,
        botUsername: me.username,
        botName: me.firstName,
        source: input.source,
        tokenUpdatedAt: now,
        desiredRunning: true,
        notifyOwnerOnLive: true,
        approval: pendingApproval ? 'pending' : null,
      });
    } catch (error) {
      await models.CloneToken.deleteOne({ _id: cloneId });
      await this.owned.remove(input.ownerId, cloneId);
      if ((error as { code?: number }).code === 11000) throw new DuplicateBotError(me.username, false);
      throw error;
    }
    await models.Subscription.create({ _id: cloneId, ownerId: input.ownerId, expiresAt: trialEndsAt, isTrial: true });
    await this.audit(input.ownerId, input.isAdmin ? 'admin' : 'owner', 'clone.create', cloneId, { botUsername: me.username, source: input.source });
    const preparing = this.deps.prepareCloneData?.(cloneId);
    this.deps.onChange();
    await preparing;
    return { cloneId, botUsername: me.username, trialEndsAt, pendingApproval };
  }

  /**
   * Re-adding a bot whose clone the same owner deleted (still within retention): the clone comes
   * back with its data and subscription, under the new token. Another owner must wait for the
   * purge, which frees the bot id (Clone.botId is unique). See docs/owner-guide.md.
   * Under the clone's lock, which a deletion of the same clone also takes: it is back in the
   * owner's list before it is undeleted.
   */
  private async restoreClone(cloneId: string, input: CreateCloneInput, token: string, botId: number): Promise<CreatedClone> {
    await this.checkLimit(input);
    const me = await this.deps.identify(token);
    if (me.id !== botId) throw new MalformedTokenError();
    return withCloneLock(cloneId, () => this.restoreLocked(cloneId, input, token, me));
  }

  private async restoreLocked(cloneId: string, input: CreateCloneInput, token: string, me: BotIdentity): Promise<CreatedClone> {
    const { models } = this.deps;
    const deleted = await models.Clone.findById(cloneId, { ownerId: 1, deletedAt: 1 }).lean();
    if (!deleted || deleted.ownerId !== input.ownerId || !deleted.deletedAt) throw new CloneNotFoundError(cloneId);
    await this.owned.add(input.ownerId, cloneId);
    const now = this.now();
    await models.CloneToken.updateOne(
      { _id: cloneId },
      { $set: { sealed: sealToken(deriveCloneKey(this.deps.masterKey, cloneId), cloneId, token), updatedAt: now } },
      { upsert: true },
    );
    const restored = await models.Clone.findByIdAndUpdate(
      cloneId,
      {
        $set: {
          deletedAt: null,
          desiredRunning: true,
          botUsername: me.username,
          botName: me.firstName,
          tokenUpdatedAt: now,
          tokenInvalidAt: null,
          tokenProblem: null,
          crashLoopAt: null,
          restartLog: [],
          notifyOwnerOnLive: true,
        },
      },
      { returnDocument: 'after' },
    ).lean<CloneDoc>();
    if (!restored) throw new CloneNotFoundError(cloneId);
    const sub = await models.Subscription.findById(cloneId).lean();
    await this.audit(input.ownerId, input.isAdmin ? 'admin' : 'owner', 'clone.restore', cloneId, { botUsername: me.username, source: input.source });
    const preparing = this.deps.prepareCloneData?.(cloneId);
    this.deps.onChange();
    await preparing;
    return { cloneId, botUsername: me.username, trialEndsAt: sub?.expiresAt ?? now, restored: true };
  }

  /**
   * Gives a clone a new token of the same bot (after a leak or a revocation). The old worker
   * is restarted by the manager with the new token; a token problem mark is cleared.
   */
  async replaceToken(cloneId: string, actor: { id: number; isAdmin: boolean }, newToken: string): Promise<CloneDoc> {
    const { models } = this.deps;
    const clone = await models.Clone.findById(cloneId).lean<CloneDoc>();
    if (!clone || clone.deletedAt || (!actor.isAdmin && clone.ownerId !== actor.id)) throw new CloneNotFoundError(cloneId);
    const token = newToken.trim();
    const botId = botIdOfToken(token);
    if (botId === undefined) throw new MalformedTokenError();
    if (botId !== clone.botId) throw new TokenBotMismatchError();
    const me = await this.deps.identify(token);
    const now = this.now();
    await models.CloneToken.updateOne(
      { _id: cloneId },
      { $set: { sealed: sealToken(deriveCloneKey(this.deps.masterKey, cloneId), cloneId, token), updatedAt: now } },
      { upsert: true },
    );
    const updated = await models.Clone.findOneAndUpdate(
      { _id: cloneId },
      {
        $set: {
          tokenUpdatedAt: now,
          botUsername: me.username,
          tokenInvalidAt: null,
          tokenProblem: null,
          restartRequestedAt: now,
          notifyOwnerOnLive: true,
        },
      },
      { returnDocument: 'after' },
    ).lean<CloneDoc>();
    await this.audit(actor.id, actor.isAdmin ? 'admin' : 'owner', 'clone.token.replace', cloneId, {});
    this.deps.onChange();
    return updated!;
  }

  /**
   * Rotates the token of a managed clone through Telegram (`replaceManagedBotToken`, passed in
   * as `rotate`): the old token stops working at once, the new one is stored sealed and the
   * worker restarts with it. For a leaked token this is the whole fix.
   */
  async rotateManagedToken(cloneId: string, actor: { id: number; isAdmin: boolean }, rotate: (botId: number) => Promise<string>): Promise<CloneDoc> {
    const clone = await this.deps.models.Clone.findById(cloneId).lean<CloneDoc>();
    if (!clone || clone.deletedAt || (!actor.isAdmin && clone.ownerId !== actor.id)) throw new CloneNotFoundError(cloneId);
    if (clone.source !== 'managed') throw new TokenBotMismatchError();
    const token = await rotate(clone.botId);
    return this.replaceToken(cloneId, actor, token);
  }
}
