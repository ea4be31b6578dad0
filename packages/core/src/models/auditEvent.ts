import { Schema, type Connection, type Model, type Types } from 'mongoose';

export interface AuditEventDoc {
  _id: Types.ObjectId;
  at: Date;
  actorId: number;
  actorRole: 'admin' | 'owner' | 'system';
  action: string;
  targetType: 'clone' | 'user' | 'payment' | 'plan' | 'platform';
  targetId: string;
  details: Record<string, unknown>;
}

/** Who did what to what. Written for every admin action and every owner action on state or money. */
export const auditEventSchema = new Schema<AuditEventDoc>(
  {
    at: { type: Date, default: () => new Date() },
    actorId: { type: Number, required: true },
    actorRole: { type: String, enum: ['admin', 'owner', 'system'], required: true },
    action: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: String, required: true },
    details: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false },
);
auditEventSchema.index({ at: -1 });
auditEventSchema.index({ targetType: 1, targetId: 1, at: -1 });
auditEventSchema.index({ actorId: 1, at: -1 });

export type AuditEventModel = Model<AuditEventDoc>;
export const auditEventModel = (db: Connection): AuditEventModel =>
  (db.models.AuditEvent as AuditEventModel | undefined) ?? db.model<AuditEventDoc>('AuditEvent', auditEventSchema, 'audit_events');
