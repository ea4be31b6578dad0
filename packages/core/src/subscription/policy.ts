import { HOUR_MS } from '../time/durations';
import type { SubscriptionPolicy } from './rules';

/**
 * The subscription policy the configuration sets (`GRACE_HOURS` after expiry). Everything that
 * judges a subscription (the clone manager, owner and admin cards, monitoring) takes it from
 * here, so a change of the rule is one line.
 */
export function subscriptionPolicy(config: { graceHours: number }): SubscriptionPolicy {
  return { graceMs: config.graceHours * HOUR_MS };
}
