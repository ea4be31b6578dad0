/** The broadcast engine: paced, resumable, at-most-once sends of one message to many chats. */
export * from './types';
export * from './rateLimiter';
export * from './broadcastModels';
export { BroadcastEngine, BroadcastNotFoundError } from './broadcastEngine';
export type { BroadcastEngineOptions, BroadcastEngineEvents, RecipientEvent } from './broadcastEngine';
export { INTERRUPTED_REASON } from './interrupted';
export * from './virtualClock';
