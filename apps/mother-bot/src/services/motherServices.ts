import type { Connection } from 'mongoose';
import type { AppConfig, BroadcastProgress, Logger, PlatformModels } from '@motherbot/core';
import type { SendRecipient } from '@motherbot/core';
import { AdminBroadcast } from './adminBroadcast';
import { AdminPanel } from './adminPanel';
import { AuditLog } from './auditLog';
import { CloneActions } from './cloneActions';
import { CloneApprovals } from './cloneApprovals';
import { deletedCloneRetention } from './deletedCloneRetention';
import { PlanService } from './plans';
import { platformSettingsFromConfig } from './platformSettings';
import { PrivacyService } from './privacy';
import { ReferralService } from './referrals';
import { ReminderJob, type SendReminder } from './reminders';
import { StarsPayments } from './starsPayments';

export interface MotherServicesDeps {
  config: AppConfig;
  models: PlatformModels;
  db: Connection;
  logger: Logger;
  /** The clone manager's reconcileNow. */
  onChange: () => void;
  clock?: () => Date;
  /** Progress of admin broadcasts, for /metrics. */
  onBroadcastProgress?: (p: BroadcastProgress) => void;
}

/**
 * The owner and admin services of the mother, built once, and their background jobs
 * (reminders, broadcasts). Framework-free: the bot layer hands `start` the functions that
 * send a reminder and one broadcast message.
 */
export function createMotherServices(deps: MotherServicesDeps) {
  const { config, models, logger, onChange, clock } = deps;
  const isAdmin = (id: number): boolean => config.adminIds.includes(id);
  const audit = new AuditLog(models.AuditEvent, clock);
  const plans = new PlanService(models.Plan, audit);
  const clones = new CloneActions({ config, models, audit, onChange, clock });
  const settings = platformSettingsFromConfig(config, models, audit, clock);
  const referrals = new ReferralService({ models, audit, settings, onChange, clock });
  const approvals = new CloneApprovals({ models, audit, trialDays: config.trialDays, onChange, clock });
  const payments = new StarsPayments({ models, plans, audit, onChange, isAdmin, referrals, clock });
  const userListeners: Array<(userId: number) => void> = [];
  const onUserChanged = (userId: number): void => userListeners.forEach((l) => l(userId));
  const admin = new AdminPanel({ models, clones, payments, audit, onChange, isAdmin, onUserChanged, clock });
  const privacy = new PrivacyService({ models, audit, onChange, onUserChanged, clock });
  const reminders = new ReminderJob({ models, offsetsDays: config.reminderDays, logger, clock });
  const retention = deletedCloneRetention(config);
  const broadcast = new AdminBroadcast({
    db: deps.db,
    models,
    audit,
    logger,
    ratePerSecond: config.broadcastRatePerSecond,
    isAdmin,
    onProgress: deps.onBroadcastProgress,
  });
  return {
    audit,
    plans,
    clones,
    payments,
    referrals,
    approvals,
    /** Platform options admins set in /admin over the environment's defaults (approval, referral reward). */
    settings,
    admin,
    privacy,
    reminders,
    retention,
    broadcast,
    isAdmin,
    /** The platform clock (injectable in tests). */
    clock: (): Date => clock?.() ?? new Date(),
    /** Subscribes to "this user's record changed" (ban, unban, account deleted). */
    onUserChanged: (listener: (userId: number) => void): void => void userListeners.push(listener),
    /**
     * Seeds the default plans and starts the reminder job and the broadcast engine. Deleted
     * clones are purged by the ops scheduler's retention pass (@motherbot/ops, retention/), on
     * the same DELETED_CLONE_RETENTION_DAYS that `retention.purgeAt` shows owners.
     */
    async start(sendReminder: SendReminder, sendBroadcast?: SendRecipient): Promise<void> {
      await plans.seedDefaults();
      if (sendBroadcast) await broadcast.start(sendBroadcast);
      reminders.start(sendReminder);
    },
    async stop(): Promise<void> {
      await broadcast.stop();
      await reminders.stop();
    },
  };
}

export type MotherServices = ReturnType<typeof createMotherServices>;
