export * from './fencingTimings';
export * from './livenessObserver';
export * from './placementPlan';
export * from './hostModels';
export * from './fencedLease';
