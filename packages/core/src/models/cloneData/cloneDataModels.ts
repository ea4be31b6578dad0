import type { Connection } from 'mongoose';
import { cloneSettingsModel, type CloneSettingsModel } from './cloneSettings';
import { cloneFileModel, type CloneFileModel } from './cloneFile';
import { cloneBatchModel, type CloneBatchModel } from './cloneBatch';
import { cloneUserModel, type CloneUserModel } from './cloneUser';
import { cloneDeliveryModel, type CloneDeliveryModel } from './cloneDelivery';
import { scheduledDeletionModel, type ScheduledDeletionModel } from './scheduledDeletion';
import { ownerSessionModel, type OwnerSessionModel } from './ownerSession';
import { cloneCounterModel, type CloneCounterModel } from './cloneCounter';
import { premiumUserModel, type PremiumUserModel } from './premiumUser';
import { starPaymentModel, type StarPaymentModel } from './starPayment';
import { userAccessModel, type UserAccessModel } from './userAccess';

/** Every model of one clone's own database, bound to its connection. */
export interface CloneDataModels {
  Settings: CloneSettingsModel;
  File: CloneFileModel;
  Batch: CloneBatchModel;
  User: CloneUserModel;
  Delivery: CloneDeliveryModel;
  ScheduledDeletion: ScheduledDeletionModel;
  OwnerSession: OwnerSessionModel;
  Counter: CloneCounterModel;
  PremiumUser: PremiumUserModel;
  StarPayment: StarPaymentModel;
  UserAccess: UserAccessModel;
}

export function cloneDataModels(db: Connection): CloneDataModels {
  return {
    Settings: cloneSettingsModel(db),
    File: cloneFileModel(db),
    Batch: cloneBatchModel(db),
    User: cloneUserModel(db),
    Delivery: cloneDeliveryModel(db),
    ScheduledDeletion: scheduledDeletionModel(db),
    OwnerSession: ownerSessionModel(db),
    Counter: cloneCounterModel(db),
    PremiumUser: premiumUserModel(db),
    StarPayment: starPaymentModel(db),
    UserAccess: userAccessModel(db),
  };
}

/** Creates the declared indexes of a clone's database (autoIndex is off); safe at every start. */
export async function ensureCloneDataIndexes(models: CloneDataModels): Promise<void> {
  for (const model of Object.values(models) as Array<{ createIndexes(): Promise<unknown> }>) await model.createIndexes();
}
