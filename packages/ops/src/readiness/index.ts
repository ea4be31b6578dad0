export * from './checklist';
export * from './checks';
export * from './itemChecks';
export * from './attestations';
export * from './readinessReport';
export * from './inputs';
export { TEST_RUN_FILE, TEST_RUN_MAX_AGE_DAYS, gitHead, type TestRunRecord } from './testRunCheck';
export { PM2_LOGROTATE_DEFAULTS } from './logRotationCheck';
