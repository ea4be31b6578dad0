import type { AuditEventDoc, AuditEventModel } from '@motherbot/core';
import { roleOf, type Actor } from './actor';

export type AuditTarget = AuditEventDoc['targetType'];

/**
 * The audit log: every admin action, and every owner action that deletes or changes money or
 * state, is one document. Append-only; read newest first in pages.
 */
export class AuditLog {
  constructor(
    private readonly model: AuditEventModel,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async record(actor: Actor | 'system', action: string, targetType: AuditTarget, targetId: string, details: Record<string, unknown> = {}): Promise<void> {
    await this.model.create({
      at: this.clock(),
      actorId: actor === 'system' ? 0 : actor.id,
      actorRole: actor === 'system' ? 'system' : roleOf(actor),
      action,
      targetType,
      targetId,
      details,
    });
  }

  /** One page, newest first; `page` counts from 0. */
  async page(page: number, size = 10): Promise<{ events: AuditEventDoc[]; total: number }> {
    const [events, total] = await Promise.all([
      this.model.find({}).sort({ at: -1, _id: -1 }).skip(page * size).limit(size).lean<AuditEventDoc[]>(),
      this.model.countDocuments({}),
    ]);
    return { events, total };
  }
}
