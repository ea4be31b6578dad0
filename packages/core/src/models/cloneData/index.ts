/** Models of a clone's own database. */
export * from './cloneSettings';
export * from './cloneFile';
export * from './cloneBatch';
export * from './cloneUser';
export * from './cloneDelivery';
export * from './scheduledDeletion';
export * from './ownerSession';
export * from './cloneCounter';
export * from './premiumUser';
export * from './starPayment';
export * from './userAccess';
export * from './cloneDataModels';
