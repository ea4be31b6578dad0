export * from './applyRetention';
