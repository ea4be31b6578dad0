import { subscriptionAllowsRun, type SubscriptionPolicy } from '../subscription/rules';

/** Why a clone should not run; `ok` when it should. Shown to owners and admins. */
export type RunVerdict = 'ok' | 'deleted' | 'suspended' | 'owner_banned' | 'pending_approval' | 'rejected' | 'owner_stopped' | 'token_invalid' | 'crash_loop' | 'expired';

export interface DesiredStateInput {
  clone: {
    desiredRunning: boolean;
    suspended: unknown;
    tokenInvalidAt: Date | null;
    crashLoopAt: Date | null;
    deletedAt: Date | null;
    /** Admin approval of a new clone, when the platform asks for it; null/absent: approved. */
    approval?: 'pending' | 'rejected' | null;
  };
  subscription: { expiresAt: Date; isTrial: boolean } | null;
  ownerBanned: boolean;
}

/**
 * A clone an admin has not approved (waiting, or rejected): it can never run, so it is neither
 * sold, reminded, nor given referral days. Narrows `approval` to the two states.
 */
export function awaitsOrFailedApproval<C extends { approval?: 'pending' | 'rejected' | null }>(clone: C): clone is C & { approval: 'pending' | 'rejected' } {
  return clone.approval === 'pending' || clone.approval === 'rejected';
}

/**
 * The level the clone manager drives PM2 towards: may this clone's worker run at `now`?
 * Pure and total, so that every rule ("subscription enforced on every start", "a ban stops
 * the owner's clones") is one line here and tested without PM2.
 */
export function runVerdict(input: DesiredStateInput, policy: SubscriptionPolicy, now: Date): RunVerdict {
  const { clone } = input;
  if (clone.deletedAt) return 'deleted';
  if (clone.suspended) return 'suspended';
  if (input.ownerBanned) return 'owner_banned';
  if (clone.approval === 'pending') return 'pending_approval';
  if (clone.approval === 'rejected') return 'rejected';
  if (!clone.desiredRunning) return 'owner_stopped';
  if (clone.tokenInvalidAt) return 'token_invalid';
  if (clone.crashLoopAt) return 'crash_loop';
  if (!input.subscription || !subscriptionAllowsRun(input.subscription, policy, now)) return 'expired';
  return 'ok';
}
