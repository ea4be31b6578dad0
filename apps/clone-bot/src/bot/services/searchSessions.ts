import { randomBytes } from 'node:crypto';

/**
 * Recent searches by id, so a page button carries 8 characters instead of the query (button
 * data is limited to 64 bytes). In memory and bounded: after a restart or an hour an old
 * page button says "search again". Internal.
 */
export class SearchSessions {
  private readonly sessions = new Map<string, { userId: number; query: string; at: number }>();

  constructor(
    private readonly max = 2_000,
    private readonly ttlMs = 3_600_000,
  ) {}

  create(userId: number, query: string): string {
    const id = randomBytes(6).toString('base64url');
    if (this.sessions.size >= this.max) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    this.sessions.set(id, { userId, query, at: Date.now() });
    return id;
  }

  /** The query of a search this user made, or null (unknown, expired, or someone else's). */
  get(id: string, userId: number): string | null {
    const session = this.sessions.get(id);
    if (!session || session.userId !== userId || Date.now() - session.at > this.ttlMs) return null;
    return session.query;
  }
}
