import { AppError, PLATFORM_SETTINGS_ID, type AppConfig, type PlatformModels, type PlatformSettingsDoc } from '@motherbot/core';
import type { Actor } from './actor';
import type { AuditLog } from './auditLog';
import { withKeyLock } from './keyedLock';
import { NotAllowedError } from './serviceErrors';

/** The most free days one referral reward may give (the admin's typed value is checked against it). */
export const MAX_REFERRAL_REWARD_DAYS = 365;

/** Where an effective value comes from: the environment (the default) or an admin's choice in /admin. */
export type SettingSource = 'env' | 'admin';

export interface PlatformSettingsView {
  referralRewardDays: { value: number; source: SettingSource };
  cloneApprovalRequired: { value: boolean; source: SettingSource };
}

/** The values the platform runs on, whoever set them. */
export interface EffectivePlatformSettings {
  referralRewardDays: number;
  cloneApprovalRequired: boolean;
}

/** A reward outside 0..365 days, or not a whole number. */
export class InvalidRewardDaysError extends AppError {
  constructor(value: number) {
    super('INVALID_REWARD_DAYS', `Referral reward days must be a whole number from 0 to ${MAX_REFERRAL_REWARD_DAYS}`, { value });
  }
}

/**
 * Platform options admins change from Telegram, over the environment's defaults
 * (REFERRAL_REWARD_DAYS, CLONE_APPROVAL_REQUIRED). One document read by `_id`.
 *
 * Decisions (creating a clone, recording and crediting a referral) call `read()`: a point read
 * each time, so every mother on every host acts on the value an admin set a moment ago; those
 * events are rare. Screens shown on every `/start` call `cached()`, which reads at most once per
 * `cacheMs` (2 s) and is refreshed at once by this mother's own changes, so another mother shows
 * a change within seconds. Only admins change it (checked here, never trusting the button), and
 * each change writes one audit event.
 */
/** The platform settings over this configuration's values (CLONE_APPROVAL_REQUIRED, REFERRAL_REWARD_DAYS) as defaults. */
export function platformSettingsFromConfig(config: Pick<AppConfig, 'referralRewardDays' | 'cloneApprovalRequired'>, models: PlatformModels, audit: AuditLog, clock?: () => Date): PlatformSettings {
  return new PlatformSettings({ models, audit, defaults: { referralRewardDays: config.referralRewardDays, cloneApprovalRequired: config.cloneApprovalRequired }, clock });
}

export class PlatformSettings {
  private cache?: { at: number; value: EffectivePlatformSettings };

  constructor(
    private readonly deps: {
      models: PlatformModels;
      /** The environment's values: the defaults while an admin has set nothing. */
      defaults: EffectivePlatformSettings;
      audit: AuditLog;
      cacheMs?: number;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  private async doc(): Promise<PlatformSettingsDoc | null> {
    return this.deps.models.PlatformSettings.findById(PLATFORM_SETTINGS_ID).lean<PlatformSettingsDoc>();
  }

  private resolve(doc: PlatformSettingsDoc | null): PlatformSettingsView {
    const { defaults } = this.deps;
    const days = doc?.referralRewardDays;
    const approval = doc?.cloneApprovalRequired;
    return {
      referralRewardDays: typeof days === 'number' ? { value: days, source: 'admin' } : { value: defaults.referralRewardDays, source: 'env' },
      cloneApprovalRequired: typeof approval === 'boolean' ? { value: approval, source: 'admin' } : { value: defaults.cloneApprovalRequired, source: 'env' },
    };
  }

  private remember(view: PlatformSettingsView): EffectivePlatformSettings {
    const value = { referralRewardDays: view.referralRewardDays.value, cloneApprovalRequired: view.cloneApprovalRequired.value };
    this.cache = { at: Date.now(), value };
    return value;
  }

  /** The effective values, read now (one point read). */
  async read(): Promise<EffectivePlatformSettings> {
    return this.remember(this.resolve(await this.doc()));
  }

  /** The effective values, at most `cacheMs` old: for what is shown, never for a decision. */
  async cached(): Promise<EffectivePlatformSettings> {
    const ttl = this.deps.cacheMs ?? 2_000;
    if (this.cache && Date.now() - this.cache.at < ttl) return this.cache.value;
    return this.read();
  }

  /** Each value and where it comes from, for the admin screen. */
  async view(admin: Actor): Promise<PlatformSettingsView> {
    if (!admin.isAdmin) throw new NotAllowedError('platform.settings');
    const view = this.resolve(await this.doc());
    this.remember(view);
    return view;
  }

  /** Turns approval of new clones on or off; `null` goes back to the environment's value. */
  async setCloneApprovalRequired(admin: Actor, value: boolean | null): Promise<PlatformSettingsView> {
    return this.change(admin, 'cloneApprovalRequired', value);
  }

  /** Sets the free days of a referral reward (0: referrals off); `null` goes back to the environment's value. */
  async setReferralRewardDays(admin: Actor, days: number | null): Promise<PlatformSettingsView> {
    if (days !== null && (!Number.isSafeInteger(days) || days < 0 || days > MAX_REFERRAL_REWARD_DAYS)) throw new InvalidRewardDaysError(days);
    return this.change(admin, 'referralRewardDays', days);
  }

  private async change(admin: Actor, field: 'cloneApprovalRequired' | 'referralRewardDays', value: boolean | number | null): Promise<PlatformSettingsView> {
    if (!admin.isAdmin) throw new NotAllowedError('platform.settings');
    // One admin change at a time in this mother: FerretDB applies an update as read-then-replace.
    return withKeyLock(`platform:${PLATFORM_SETTINGS_ID}`, async () => {
      const stamp = { updatedAt: this.now(), updatedBy: admin.id };
      const update = value === null ? { $unset: { [field]: 1 }, $set: stamp } : { $set: { [field]: value, ...stamp } };
      // The document as it was, in the same command; what it is now follows from the change.
      const old = await this.deps.models.PlatformSettings.findOneAndUpdate({ _id: PLATFORM_SETTINGS_ID }, update, { upsert: true, returnDocument: 'before' }).lean<PlatformSettingsDoc>();
      const before = this.resolve(old)[field];
      const changed: Record<string, unknown> = { ...(old ?? { _id: PLATFORM_SETTINGS_ID }) };
      if (value === null) delete changed[field];
      else changed[field] = value;
      const view = this.resolve(changed as unknown as PlatformSettingsDoc);
      this.remember(view);
      const after = view[field];
      await this.deps.audit.record(admin, 'platform.settings', 'platform', PLATFORM_SETTINGS_ID, {
        setting: field,
        from: before.value,
        fromSource: before.source,
        to: after.value,
        toSource: after.source,
      });
      return view;
    });
  }
}
