import { loadCloneSettings, updateCloneSettings, withDatabaseRetries, type CloneSettingsDoc, type CloneSettingsModel } from '@motherbot/core';

/**
 * The clone's settings, cached in the process: every update reads them (owner checks,
 * force-subscribe, protect content), and only this worker writes them, so a write simply
 * refreshes the cache. Internal to the clone bot.
 *
 * Only the first read waits for the database. Once the cache is older than `ttlMs`, a reader gets
 * the cached settings at once and one read refreshes them in the background: a read that waited
 * queued behind the statistics' bulk writes on the worker's few connections, and held every
 * update that arrived in that moment (a 30 s stall of a search burst at 100,000 users).
 */
export class SettingsStore {
  private cached: { value: CloneSettingsDoc; at: number } | undefined;
  private loading: Promise<CloneSettingsDoc> | undefined;
  /** Bumped by a write: a read that started before it must not cache what it read. */
  private generation = 0;
  /** Called after each write with what was changed and the settings as saved (the command menus follow the clone admins). */
  onSaved?: (patch: Partial<Omit<CloneSettingsDoc, '_id'>>, saved: CloneSettingsDoc) => void;

  constructor(
    private readonly model: CloneSettingsModel,
    private readonly ttlMs = 5_000,
  ) {}

  async get(): Promise<CloneSettingsDoc> {
    if (!this.cached) return this.refresh();
    if (Date.now() - this.cached.at >= this.ttlMs) this.refresh().catch(() => undefined);
    return this.cached.value;
  }

  async update(patch: Partial<Omit<CloneSettingsDoc, '_id'>>): Promise<CloneSettingsDoc> {
    await withDatabaseRetries(() => updateCloneSettings(this.model, patch));
    this.generation += 1;
    this.loading = undefined;
    this.cached = undefined;
    const saved = await this.refresh();
    this.onSaved?.(patch, saved);
    return saved;
  }

  /** One read in flight at a time: a burst of updates shares it. */
  private refresh(): Promise<CloneSettingsDoc> {
    if (this.loading) return this.loading;
    const generation = this.generation;
    const loading = withDatabaseRetries(() => loadCloneSettings(this.model))
      .then((value) => {
        if (generation === this.generation) this.cached = { value, at: Date.now() };
        return value;
      })
      .finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
    this.loading = loading;
    return loading;
  }
}
