import { DAY_MS, type AppConfig } from '@motherbot/core';

/**
 * What owners and admins are told about a deleted clone's data: how many days it is kept and the
 * day it is erased. The erasing itself is the ops scheduler's retention pass (`applyRetention` in
 * @motherbot/ops), on the same DELETED_CLONE_RETENTION_DAYS.
 */
export interface DeletedCloneRetention {
  readonly retentionDays: number;
  /** When a clone deleted at `deletedAt` is purged. */
  purgeAt(deletedAt: Date): Date;
}

export function deletedCloneRetention(config: Pick<AppConfig, 'deletedCloneRetentionDays'>): DeletedCloneRetention {
  const retentionDays = config.deletedCloneRetentionDays;
  return { retentionDays, purgeAt: (deletedAt) => new Date(deletedAt.getTime() + retentionDays * DAY_MS) };
}
