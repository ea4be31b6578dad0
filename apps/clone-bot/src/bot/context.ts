import type { Connection } from 'mongoose';
import type { Telegram } from 'telegraf';
import type { BroadcastEngine, CloneDataModels, Logger } from '@motherbot/core';
import type { CloneData } from '../data/cloneData';
import type { WorkerCounters } from './workerCounters';
import type { SettingsStore } from './services/settingsStore';
import type { DeletionScheduler } from './services/deletionScheduler';
import type { SearchSessions } from './services/searchSessions';
import type { ShortenerCircuitOptions } from './services/shortenerCircuit';

/** What every feature of the clone bot may use; built once per worker. */
export interface CloneBotDeps {
  cloneId: string;
  ownerId: number;
  botUsername: string;
  /** The clone's own key (from its runtime secrets): seals the shortener key, and verification tokens are signed with a key derived from it. */
  cloneKey?: Buffer;
  /** The clone's own database (files, users, settings). */
  cloneDb: Connection;
  logger: Logger;
  counters: WorkerCounters;
  /** Updates one user may send per minute (USER_RATE_PER_MINUTE); default 30. */
  userRatePerMinute?: number;
  /** Broadcast pace (BROADCAST_RATE_PER_SECOND); default 25. */
  broadcastRatePerSecond?: number;
  /** How often due auto-deletions are looked for; default 5 s. */
  deletionIntervalMs?: number;
  /** How long a shortener may take to answer; default 5 s. */
  shortenerTimeoutMs?: number;
  /** Lets shortener calls reach internal addresses (SHORTENER_ALLOW_INTERNAL; a test's local fake shortener). */
  shortenerAllowInternal?: boolean;
  /** When a failing shortener stops being asked, and for how long (defaults in ShortenerCircuit). */
  shortenerCircuit?: ShortenerCircuitOptions;
  /** How long the owner is not told again about the same force-subscribe channel (or a failing shortener); default 1 h. */
  ownerWarningCooldownMs?: number;
  /** How often buffered statistics (users seen, deliveries) are written; default 1 s. */
  statsFlushMs?: number;
  /** Minimum time between two edits of a broadcast's progress message (default 2 s) and of an indexing job's (default 3 s). */
  progressEditMs?: number;
  /** Channel posts an `/index` or range `/batch` reads per second (each is forwarded once); default 1, Telegram's pace for one chat. */
  indexPostsPerSecond?: number;
}

/**
 * The clone bot's services, built once by createCloneBot and handed to every feature.
 * Features never reach for globals: everything they touch is here.
 */
export interface CloneRuntime {
  deps: CloneBotDeps;
  /** The data layer: features read and write through it, never through models. */
  data: CloneData;
  /** The models behind it, for the broadcast engine and for tests. */
  models: CloneDataModels;
  settings: SettingsStore;
  telegram: Telegram;
  deletions: DeletionScheduler;
  broadcasts: BroadcastEngine;
  searches: SearchSessions;
  /** The owner or one of the clone admins the owner named. */
  isManager(userId: number | undefined): Promise<boolean>;
}
