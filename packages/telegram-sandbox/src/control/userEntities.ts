/**
 * Entities a test or the web chat gives for a user's message, as a Telegram app would send
 * them: kept as given when they fit the text (UTF-16 offsets), so a bot sees exactly what it
 * would from Telegram; one that does not fit is refused, like the app's own check would.
 */
import type { MessageEntity } from '../state/types';
import { SandboxError } from './refs';

export function userEntities(text: string, entities: MessageEntity[]): MessageEntity[] {
  return entities.map((e) => {
    if (!e || typeof e.type !== 'string' || !Number.isInteger(e.offset) || !Number.isInteger(e.length) || e.offset < 0 || e.length <= 0 || e.offset + e.length > text.length) {
      throw new SandboxError(`entity ${JSON.stringify(e)} does not fit a text of ${text.length} UTF-16 units`);
    }
    return { ...e };
  });
}
