import type { Connection } from 'mongoose';
import type { Logger } from '@motherbot/core';
import type { WorkerCounters } from '../worker/heartbeat';

/** What every feature of the clone bot may use; built once per worker. */
export interface CloneBotDeps {
  cloneId: string;
  ownerId: number;
  botUsername: string;
  /** The clone's own database (files, users, settings). */
  cloneDb: Connection;
  logger: Logger;
  counters: WorkerCounters;
}
