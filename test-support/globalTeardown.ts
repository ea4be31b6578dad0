import type { EmbeddedDatabase } from '../packages/core/src/db/embeddedDatabase';

export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as Record<string, unknown>).__motherbotTestDatabase as EmbeddedDatabase | undefined;
  await database?.stop();
}
