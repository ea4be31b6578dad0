export * from './checklist';
export * from './checks';
export * from './itemChecks';
export * from './attestations';
export * from './readinessReport';
