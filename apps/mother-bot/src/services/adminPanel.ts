import os from 'node:os';
import { DAY_MS, userKey, type CloneDoc, type CloneView, type PlatformModels, type UserDoc } from '@motherbot/core';
import type { Actor } from './actor';
import type { AuditLog } from './auditLog';
import type { CloneActions } from './cloneActions';
import { CannotBanAdminError, NotAllowedError } from './serviceErrors';
import type { StarsPayments } from './starsPayments';

export interface Dashboard {
  users: number;
  bannedUsers: number;
  clones: number;
  deletedClones: number;
  clonesByStatus: Record<string, number>;
  activeSubscriptions: number;
  expiringIn3Days: number;
  stars30Days: number;
  host: { loadAverage: number[]; cpus: number; freeMemMb: number; totalMemMb: number; uptimeHours: number; motherRssMb: number };
}

export interface CloneFilter {
  /** A clone status (running, stopped, …) or `suspended`. */
  status?: string;
  /** `@username` (prefix, case-insensitive) or an owner id. */
  search?: string;
}

export interface UserView {
  user: UserDoc | null;
  userId: number;
  clones: CloneDoc[];
  payments: number;
  isAdmin: boolean;
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What the admin panel reads and the user-level actions it takes (ban, unban). Clone actions
 * go through CloneActions, payments through StarsPayments; this joins them for the screens.
 * Every method re-checks that the actor is an admin.
 */
export class AdminPanel {
  constructor(
    private readonly deps: {
      models: PlatformModels;
      clones: CloneActions;
      payments: StarsPayments;
      audit: AuditLog;
      onChange: () => void;
      isAdmin: (userId: number) => boolean;
      /** Tells caches (the knownUsers middleware) to forget a user whose ban changed. */
      onUserChanged?: (userId: number) => void;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  private check(actor: Actor, what: string): void {
    if (!actor.isAdmin || !this.deps.isAdmin(actor.id)) throw new NotAllowedError(what);
  }

  async dashboard(actor: Actor): Promise<Dashboard> {
    this.check(actor, 'admin.dashboard');
    const { models } = this.deps;
    const now = this.now();
    const [users, bannedUsers, clones, deletedClones, statuses, activeSubscriptions, expiringIn3Days, stars30Days] = await Promise.all([
      models.User.countDocuments({}),
      models.User.countDocuments({ banned: true }),
      models.Clone.countDocuments({ deletedAt: null }),
      models.Clone.countDocuments({ deletedAt: { $ne: null } }),
      models.Clone.find({ deletedAt: null }, { status: 1 }).lean(),
      models.Subscription.countDocuments({ expiresAt: { $gt: now } }),
      models.Subscription.countDocuments({ expiresAt: { $gt: now, $lte: new Date(now.getTime() + 3 * DAY_MS) } }),
      this.deps.payments.starsSince(new Date(now.getTime() - 30 * DAY_MS)),
    ]);
    const clonesByStatus: Record<string, number> = {};
    for (const c of statuses) clonesByStatus[c.status] = (clonesByStatus[c.status] ?? 0) + 1;
    const mb = (bytes: number): number => Math.round(bytes / 1048576);
    return {
      users,
      bannedUsers,
      clones,
      deletedClones,
      clonesByStatus,
      activeSubscriptions,
      expiringIn3Days,
      stars30Days,
      host: {
        loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
        cpus: os.cpus().length,
        freeMemMb: mb(os.freemem()),
        totalMemMb: mb(os.totalmem()),
        uptimeHours: Math.round(os.uptime() / 360) / 10,
        motherRssMb: mb(process.memoryUsage().rss),
      },
    };
  }

  /** One page of clones (not deleted), newest first, filtered. */
  async listClones(actor: Actor, filter: CloneFilter, page: number, size = 6): Promise<{ views: CloneView[]; total: number }> {
    this.check(actor, 'admin.clones');
    const query: Record<string, unknown> = { deletedAt: null };
    if (filter.status === 'suspended') query.suspended = { $ne: null };
    else if (filter.status) query.status = filter.status;
    const search = filter.search?.trim();
    if (search) {
      if (/^\d+$/.test(search)) query.ownerId = Number(search);
      else query.botUsername = { $regex: `^${escapeRegex(search.replace(/^@/, ''))}`, $options: 'i' };
    }
    const [clones, total] = await Promise.all([
      this.deps.models.Clone.find(query).sort({ createdAt: -1, _id: 1 }).skip(page * size).limit(size).lean<CloneDoc[]>(),
      this.deps.models.Clone.countDocuments(query),
    ]);
    return { views: await this.deps.clones.viewsOf(clones), total };
  }

  /** A user by id or @username (the user may be unknown to us and still own nothing). */
  async findUser(actor: Actor, query: string): Promise<UserView | undefined> {
    this.check(actor, 'admin.user');
    const q = query.trim();
    let userId: number | undefined;
    if (/^\d{1,16}$/.test(q)) userId = Number(q);
    else {
      const byName = await this.deps.models.User.findOne({ username: { $regex: `^${escapeRegex(q.replace(/^@/, ''))}$`, $options: 'i' } }).lean<UserDoc>();
      userId = byName ? Number(byName._id) : undefined;
    }
    if (userId === undefined || !Number.isSafeInteger(userId)) return undefined;
    return this.userView(actor, userId);
  }

  async userView(actor: Actor, userId: number): Promise<UserView> {
    this.check(actor, 'admin.user');
    const { models } = this.deps;
    const [user, clones, payments] = await Promise.all([
      models.User.findById(userKey(userId)).lean<UserDoc>(),
      models.Clone.find({ ownerId: userId, deletedAt: null }).lean<CloneDoc[]>(),
      models.Payment.countDocuments({ userId }),
    ]);
    return { user: user ?? null, userId, clones, payments, isAdmin: this.deps.isAdmin(userId) };
  }

  /** Bans a user: the verdict stops their clones (owner_banned) and the mother ignores them. */
  async ban(actor: Actor, userId: number): Promise<void> {
    this.check(actor, 'admin.ban');
    if (this.deps.isAdmin(userId)) throw new CannotBanAdminError(userId);
    await this.deps.models.User.updateOne({ _id: userKey(userId) }, { $set: { banned: true, bannedAt: this.now(), bannedBy: actor.id } }, { upsert: true });
    await this.deps.audit.record(actor, 'user.ban', 'user', String(userId));
    this.deps.onUserChanged?.(userId);
    this.deps.onChange();
  }

  async unban(actor: Actor, userId: number): Promise<void> {
    this.check(actor, 'admin.unban');
    await this.deps.models.User.updateOne({ _id: userKey(userId) }, { $set: { banned: false, bannedAt: null, bannedBy: null } });
    await this.deps.audit.record(actor, 'user.unban', 'user', String(userId));
    this.deps.onUserChanged?.(userId);
    this.deps.onChange();
  }
}
