import type { Connection } from 'mongoose';
import { auditEventModel } from './auditEvent';
import { cloneModel } from './clone';
import { cloneTokenModel } from './cloneToken';
import { conversationModel } from './conversation';
import { heartbeatModel } from './heartbeat';
import { leaseModel } from './lease';
import { ownerClonesModel } from './ownerClones';
import { paymentModel } from './payment';
import { planModel } from './plan';
import { platformSettingsModel } from './platformSettings';
import { referralModel, referrerModel } from './referral';
import { subscriptionModel } from './subscription';
import { userModel } from './user';
import { hostModel, placementModel, placementReleaseModel } from '../hosts/hostModels';
import { fencedLeaseModel } from '../hosts/fencedLease';

// The owner-clones model is exported with the platform set it belongs to.
export * from './ownerClones';

/** Every model of the platform database, bound to one connection. */
export function platformModels(db: Connection) {
  return {
    User: userModel(db),
    Clone: cloneModel(db),
    CloneToken: cloneTokenModel(db),
    Subscription: subscriptionModel(db),
    Plan: planModel(db),
    Payment: paymentModel(db),
    AuditEvent: auditEventModel(db),
    Conversation: conversationModel(db),
    Heartbeat: heartbeatModel(db),
    Lease: leaseModel(db),
    OwnerClones: ownerClonesModel(db),
    Referral: referralModel(db),
    Referrer: referrerModel(db),
    Host: hostModel(db),
    Placement: placementModel(db),
    PlacementRelease: placementReleaseModel(db),
    FencedLease: fencedLeaseModel(db),
    PlatformSettings: platformSettingsModel(db),
  };
}

export type PlatformModels = ReturnType<typeof platformModels>;

/** Creates every declared index (autoIndex is off); safe to run at every start. */
export async function ensurePlatformIndexes(models: PlatformModels): Promise<void> {
  for (const model of Object.values(models)) await model.createIndexes();
}
