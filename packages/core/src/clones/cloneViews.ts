import type { CloneDoc } from '../models/clone';
import type { PlatformModels } from '../models/platformModels';
import type { SubscriptionDoc } from '../models/subscription';
import { userKey } from '../models/user';
import type { SubscriptionPolicy } from '../subscription/rules';
import { runVerdict, type RunVerdict } from './desiredState';

/**
 * A clone with what decides whether it runs: its subscription, its owner's ban and the verdict
 * they give. Owner and admin cards show it; the clone manager drives PM2 by its verdict.
 */
export interface CloneView {
  clone: CloneDoc;
  subscription: SubscriptionDoc | null;
  ownerBanned: boolean;
  verdict: RunVerdict;
  /** Several hosts: the host the clone is placed on (read by `readCloneViews`; undefined otherwise). */
  placedOn?: string | null;
}

/** The join itself, pure: the one place a clone, its subscription and its owner's ban become a view. */
export function cloneView(clone: CloneDoc, subscription: SubscriptionDoc | null, ownerBanned: boolean, policy: SubscriptionPolicy, now: Date): CloneView {
  return { clone, subscription, ownerBanned, verdict: runVerdict({ clone, subscription, ownerBanned }, policy, now) };
}

/**
 * Views of the given clones by point reads only: each subscription by its clone's `_id`, each
 * owner by theirs, the one filter FerretDB 1.24 answers without reading the whole collection.
 * For an update's path (owner and admin cards, clone actions). `clock` is read once the
 * documents are in.
 */
export async function readCloneViews(models: PlatformModels, clones: CloneDoc[], policy: SubscriptionPolicy, clock: () => Date, multiHost = false): Promise<CloneView[]> {
  const owners = [...new Set(clones.map((c) => c.ownerId))];
  const [subs, ownerDocs, placements] = await Promise.all([
    Promise.all(clones.map((c) => models.Subscription.findById(c._id).lean<SubscriptionDoc>())),
    Promise.all(owners.map((id) => models.User.findById(userKey(id), { banned: 1 }).lean())),
    multiHost ? Promise.all(clones.map((c) => models.Placement.findById(c._id, { hostId: 1 }).lean<{ hostId: string }>())) : Promise.resolve([]),
  ]);
  const bannedIds = new Set(owners.filter((_, i) => ownerDocs[i]?.banned));
  const now = clock();
  return clones.map((clone, i) => ({
    ...cloneView(clone, subs[i] ?? null, bannedIds.has(clone.ownerId), policy, now),
    ...(multiHost ? { placedOn: placements[i]?.hostId ?? null } : {}),
  }));
}

/**
 * Views of every clone, deleted ones included, from three whole-collection reads joined in
 * code (no $lookup on FerretDB). For the reconcile pass, which looks at every clone anyway;
 * never on an update's path.
 */
export async function scanCloneViews(models: PlatformModels, policy: SubscriptionPolicy, now: Date): Promise<CloneView[]> {
  const [clones, subscriptions, banned] = await Promise.all([
    models.Clone.find({}).lean<CloneDoc[]>(),
    models.Subscription.find({}).lean<SubscriptionDoc[]>(),
    models.User.find({ banned: true }, { _id: 1 }).lean(),
  ]);
  const subs = new Map(subscriptions.map((s) => [s._id, s]));
  const bannedIds = new Set(banned.map((u) => Number(u._id)));
  return clones.map((clone) => cloneView(clone, subs.get(clone._id) ?? null, bannedIds.has(clone.ownerId), policy, now));
}
