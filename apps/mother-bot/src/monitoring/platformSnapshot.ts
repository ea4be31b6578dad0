import {
  subscriptionState,
  type CloneDoc,
  type HeartbeatDoc,
  type PlatformModels,
  type SubscriptionDoc,
  type SubscriptionPolicy,
  type SubscriptionState,
} from '@motherbot/core';

/**
 * One clone as monitoring sees it: the record, its worker's last heartbeat, its subscription.
 * (Owner and admin cards use core's CloneView: the clone with its ban and run verdict.)
 */
export interface MonitoredClone {
  clone: CloneDoc;
  heartbeat: HeartbeatDoc | undefined;
  subscription: SubscriptionDoc | undefined;
  subscriptionState: SubscriptionState | 'none';
}

/** Everything the watchers, /metrics and the status page read about the clones, taken in one go. */
export interface PlatformSnapshot {
  at: Date;
  clones: MonitoredClone[];
}

/**
 * Reads the clones (not deleted), the heartbeats and the subscriptions: three queries, joined
 * in code (no $lookup on FerretDB). Small documents; fine for thousands of clones.
 */
export async function takeSnapshot(models: PlatformModels, policy: SubscriptionPolicy, now: Date): Promise<PlatformSnapshot> {
  const [clones, heartbeats, subscriptions] = await Promise.all([
    models.Clone.find({ deletedAt: null }).lean<CloneDoc[]>(),
    models.Heartbeat.find({}).lean<HeartbeatDoc[]>(),
    models.Subscription.find({}).lean<SubscriptionDoc[]>(),
  ]);
  const beats = new Map(heartbeats.map((h) => [h._id, h]));
  const subs = new Map(subscriptions.map((s) => [s._id, s]));
  return {
    at: now,
    clones: clones.map((clone) => {
      const subscription = subs.get(clone._id);
      return {
        clone,
        heartbeat: beats.get(clone._id),
        subscription,
        subscriptionState: subscription ? subscriptionState(subscription, policy, now) : 'none',
      };
    }),
  };
}
