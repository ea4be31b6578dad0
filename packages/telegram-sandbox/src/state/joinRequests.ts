/**
 * Invite links and join requests of the sandbox's groups and channels, kept beside the world
 * (one store per World) rather than in it: only the join-request methods and the control
 * action that makes a request use them.
 */
import type { World } from './world';

export interface InviteLinkRecord {
  invite_link: string;
  chatId: number;
  creatorBotId: number;
  creates_join_request: boolean;
  name?: string;
  is_revoked: boolean;
}

export interface JoinRequestStore {
  links: Map<string, InviteLinkRecord>;
  /** `<chatId>:<userId>` → the link used, for requests not yet approved or declined. */
  pending: Map<string, InviteLinkRecord>;
}

const stores = new WeakMap<World, JoinRequestStore>();

export function joinRequestsOf(world: World): JoinRequestStore {
  let store = stores.get(world);
  if (!store) {
    store = { links: new Map(), pending: new Map() };
    stores.set(world, store);
  }
  return store;
}

export const pendingKey = (chatId: number, userId: number): string => `${chatId}:${userId}`;
