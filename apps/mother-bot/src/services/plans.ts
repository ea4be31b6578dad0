import type { PlanDoc, PlanModel } from '@motherbot/core';
import type { Actor } from './actor';
import type { AuditLog } from './auditLog';
import { NotAllowedError, PlanNotFoundError } from './serviceErrors';

export interface PlanInput {
  code: string;
  name: string;
  days: number;
  priceStars: number;
}

/** The plans a fresh platform offers; admins change or switch them off afterwards. */
export const DEFAULT_PLANS: readonly PlanInput[] = [
  { code: 'm1', name: '1 month', days: 30, priceStars: 100 },
  { code: 'm3', name: '3 months', days: 90, priceStars: 270 },
  { code: 'y1', name: '1 year', days: 365, priceStars: 1000 },
];

export const PLAN_CODE_PATTERN = /^[a-z0-9_]{1,16}$/;

/**
 * Plans admins set: so many days for so many Stars, on or off. Plans are never deleted (payments name them).
 *
 * The renew screen's list of active plans is served from memory: plans change only through this
 * service (the admin panel, /setplan), which keeps the copy current, so an owner's "Renew" reads
 * no collection at all (a query on `active` would read every plan, and the rule of the update
 * path is point operations only). The copy is loaded with the default plans at start, or on the
 * first use. A plan by code (`get`) stays a point read: payments want the stored truth.
 */
export class PlanService {
  private catalog?: Map<string, PlanDoc>;

  constructor(
    private readonly model: PlanModel,
    private readonly audit: AuditLog,
  ) {}

  /** Inserts the default plans that do not exist yet; never overwrites an admin's change. */
  async seedDefaults(plans: readonly PlanInput[] = DEFAULT_PLANS): Promise<void> {
    for (const p of plans) {
      await this.model.updateOne(
        { _id: p.code },
        { $setOnInsert: { name: p.name, days: p.days, priceStars: p.priceStars, active: true } },
        { upsert: true },
      );
    }
    await this.loadCatalog();
  }

  private async loadCatalog(): Promise<Map<string, PlanDoc>> {
    const all = await this.listAll();
    this.catalog = new Map(all.map((p) => [p._id, p]));
    return this.catalog;
  }

  /** The plans owners may buy, shortest first, from the in-memory copy. */
  async listActive(): Promise<PlanDoc[]> {
    const catalog = this.catalog ?? (await this.loadCatalog());
    return [...catalog.values()].filter((p) => p.active).sort((a, b) => a.days - b.days);
  }

  async listAll(): Promise<PlanDoc[]> {
    return this.model.find({}).sort({ days: 1 }).lean<PlanDoc[]>();
  }

  /** A plan by code, active or not (a payment made just before a plan was switched off still counts). */
  async get(code: string): Promise<PlanDoc | undefined> {
    if (!PLAN_CODE_PATTERN.test(code)) return undefined;
    return (await this.model.findById(code).lean<PlanDoc>()) ?? undefined;
  }

  /** Creates or changes a plan (admin). */
  async save(input: PlanInput, admin: Actor): Promise<PlanDoc> {
    if (!admin.isAdmin) throw new NotAllowedError('plan.save');
    if (!PLAN_CODE_PATTERN.test(input.code) || !(input.days >= 1) || !(input.priceStars >= 1) || input.name.trim() === '') {
      throw new PlanNotFoundError(input.code);
    }
    const plan = await this.model
      .findOneAndUpdate(
        { _id: input.code },
        { $set: { name: input.name.trim().slice(0, 64), days: Math.floor(input.days), priceStars: Math.floor(input.priceStars) }, $setOnInsert: { active: true } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<PlanDoc>();
    this.catalog?.set(plan!._id, plan!);
    await this.audit.record(admin, 'plan.save', 'plan', input.code, { name: input.name, days: input.days, priceStars: input.priceStars });
    return plan!;
  }

  async setActive(code: string, active: boolean, admin: Actor): Promise<PlanDoc> {
    if (!admin.isAdmin) throw new NotAllowedError('plan.setActive');
    const plan = await this.model.findOneAndUpdate({ _id: code }, { $set: { active } }, { returnDocument: 'after' }).lean<PlanDoc>();
    if (!plan) throw new PlanNotFoundError(code);
    this.catalog?.set(plan._id, plan);
    await this.audit.record(admin, active ? 'plan.enable' : 'plan.disable', 'plan', code, {});
    return plan;
  }
}
