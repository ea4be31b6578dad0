import type { Connection } from 'mongoose';
import { BroadcastEngine, broadcastModels, type BroadcastMessage, type BroadcastProgress, type Logger, type PlatformModels, type SendRecipient } from '@motherbot/core';
import type { Actor } from './actor';
import type { AuditLog } from './auditLog';
import { NotAllowedError } from './serviceErrors';

/**
 * Admin broadcasts to every platform user (banned users left out), on the shared broadcast
 * engine: paced, resumable after a restart, at most once per user (docs/broadcast.md). The
 * engine is created at `start`, when the bot layer hands over the function that sends.
 */
export class AdminBroadcast {
  private engine?: BroadcastEngine;

  constructor(
    private readonly deps: {
      db: Connection;
      models: PlatformModels;
      audit: AuditLog;
      logger: Logger;
      ratePerSecond: number;
      isAdmin: (id: number) => boolean;
      /** Progress of every admin broadcast (the mother feeds it to /metrics). */
      onProgress?: (p: BroadcastProgress) => void;
    },
  ) {}

  async start(send: SendRecipient): Promise<void> {
    this.engine = new BroadcastEngine({ db: this.deps.db, send, ratePerSecond: this.deps.ratePerSecond });
    this.engine.on('progress', (p) => {
      if (p.status === 'completed') this.deps.logger.info('admin broadcast completed', { ...p });
      this.deps.onProgress?.(p);
    });
    await this.engine.ensureIndexes();
    await this.engine.start();
  }

  async stop(): Promise<void> {
    await this.engine?.stop();
  }

  private check(admin: Actor): BroadcastEngine {
    if (!admin.isAdmin || !this.deps.isAdmin(admin.id)) throw new NotAllowedError('broadcast');
    if (!this.engine) throw new Error('broadcast engine not started');
    return this.engine;
  }

  /** How many users a broadcast would reach now. */
  async audienceSize(admin: Actor): Promise<number> {
    this.check(admin);
    return this.deps.models.User.countDocuments({ banned: { $ne: true } });
  }

  /** Creates and starts a broadcast of `message` to every user who is not banned. */
  async launch(admin: Actor, message: BroadcastMessage): Promise<{ broadcastId: string; recipients: number }> {
    const engine = this.check(admin);
    const users = await this.deps.models.User.find({ banned: { $ne: true } }, { _id: 1 }).lean();
    const broadcastId = await engine.createBroadcast({ message, createdBy: admin.id });
    const { added } = await engine.addRecipients(broadcastId, users.map((u) => Number(u._id)));
    await engine.startBroadcast(broadcastId);
    await this.deps.audit.record(admin, 'broadcast.start', 'platform', broadcastId, { recipients: added });
    return { broadcastId, recipients: added };
  }

  /** Progress of the latest broadcast, if any. */
  async latest(admin: Actor): Promise<BroadcastProgress | undefined> {
    const engine = this.check(admin);
    const last = await broadcastModels(this.deps.db).Broadcast.findOne({}).sort({ createdAt: -1 }).lean();
    return last ? engine.progress(String(last._id)) : undefined;
  }
}
