/** Who asks for an action. Services re-check this on every call: a button is never trusted. */
export interface Actor {
  id: number;
  isAdmin: boolean;
}

export const roleOf = (actor: Actor): 'admin' | 'owner' => (actor.isAdmin ? 'admin' : 'owner');
