/**
 * Method name → handler. Telegram treats method names case-insensitively; anything not
 * listed is `404 Not Found`, as on the real server.
 */
import type { MethodHandler } from './context';
import { updateMethods } from './methods/updates';
import { messageMethods } from './methods/messages';
import { mediaMethods } from './methods/media';
import { chatMethods } from './methods/chats';
import { commandMethods } from './methods/commands';
import { paymentMethods } from './methods/payments';
import { managedBotMethods } from './methods/managedBots';
import { joinRequestMethods } from './methods/joinRequests';
import { mediaGroupMethods } from './methods/mediaGroup';

const table = new Map<string, { name: string; handler: MethodHandler }>();
for (const group of [updateMethods, messageMethods, mediaMethods, chatMethods, commandMethods, paymentMethods, managedBotMethods, mediaGroupMethods, joinRequestMethods]) {
  for (const [name, handler] of Object.entries(group)) table.set(name.toLowerCase(), { name, handler });
}

/** The handler and canonical name for `method`, or undefined (→ 404). */
export function findMethod(method: string): { name: string; handler: MethodHandler } | undefined {
  return table.get(method.toLowerCase());
}

export const supportedMethods = (): string[] => [...table.values()].map((m) => m.name).sort();
