/**
 * Which chat an update belongs to, for webhook ordering: Telegram sends one chat's updates
 * one after another and in order, and different chats' updates in parallel. Updates without a
 * chat or user (a fuzzed raw update) have no order to keep.
 */
import type { TgUpdate } from '../state/types';

type Obj = Record<string, unknown> | undefined;

function idOf(value: unknown): string | undefined {
  const id = (value as Obj)?.id;
  return typeof id === 'number' || typeof id === 'string' ? String(id) : undefined;
}

export function deliveryChat(update: TgUpdate): string | undefined {
  for (const [type, raw] of Object.entries(update)) {
    if (type === 'update_id' || typeof raw !== 'object' || raw === null) continue;
    const payload = raw as Record<string, unknown>;
    const message = payload.message as Obj;
    return idOf(payload.chat) ?? idOf(message?.chat) ?? idOf(payload.from) ?? idOf(payload.user);
  }
  return undefined;
}
