export * from './probes';
