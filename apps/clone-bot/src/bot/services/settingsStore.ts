import { loadCloneSettings, updateCloneSettings, withDatabaseRetries, type CloneSettingsDoc, type CloneSettingsModel } from '@motherbot/core';

/**
 * The clone's settings with a short in-process cache: every update reads them (owner checks,
 * force-subscribe, protect content), and only this worker writes them, so a write simply
 * refreshes the cache. Internal to the clone bot.
 */
export class SettingsStore {
  private cached: { value: CloneSettingsDoc; at: number } | undefined;
  private loading: Promise<CloneSettingsDoc> | undefined;

  constructor(
    private readonly model: CloneSettingsModel,
    private readonly ttlMs = 5_000,
  ) {}

  async get(): Promise<CloneSettingsDoc> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached.value;
    // One read in flight at a time: a burst of updates shares it.
    this.loading ??= withDatabaseRetries(() => loadCloneSettings(this.model))
      .then((value) => {
        this.cached = { value, at: Date.now() };
        return value;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  async update(patch: Partial<Omit<CloneSettingsDoc, '_id'>>): Promise<CloneSettingsDoc> {
    await this.loading?.catch(() => undefined);
    await withDatabaseRetries(() => updateCloneSettings(this.model, patch));
    this.cached = undefined;
    return this.get();
  }
}
