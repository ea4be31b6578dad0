import type { EmbeddedDatabase } from '@motherbot/core';

export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as Record<string, unknown>).__motherbotTestDatabase as EmbeddedDatabase | undefined;
  await database?.stop();
}
