import type { ConversationModel } from '@motherbot/core';

export interface ConversationState {
  step: string;
  data: Record<string, unknown>;
}

/**
 * Where a user is in a multi-step conversation (the token wizard, a confirmation), kept in the
 * database so that a restart of the mother does not drop it. Keyed by scope and user.
 */
export class ConversationStore {
  constructor(
    private readonly model: ConversationModel,
    private readonly scope = 'mother',
  ) {}

  private key(userId: number): string {
    return `${this.scope}:${userId}`;
  }

  async get(userId: number): Promise<ConversationState | undefined> {
    const doc = await this.model.findById(this.key(userId)).lean();
    return doc ? { step: doc.step, data: doc.data ?? {} } : undefined;
  }

  async set(userId: number, step: string, data: Record<string, unknown> = {}): Promise<void> {
    const write = () => this.model.updateOne({ _id: this.key(userId) }, { $set: { step, data, updatedAt: new Date() } }, { upsert: true });
    // Updates of one user at once (set, clear, set): a losing upsert may fail with a duplicate
    // key (FerretDB upserts read, then insert); it tries again (fuzzMother.test.ts).
    for (let attempt = 1; ; attempt += 1) {
      try {
        await write();
        return;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000 || attempt >= 5) throw error;
      }
    }
  }

  async clear(userId: number): Promise<void> {
    await this.model.deleteOne({ _id: this.key(userId) });
  }
}
