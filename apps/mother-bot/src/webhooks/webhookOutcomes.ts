import type { Counter } from 'prom-client';

/**
 * What became of one request to the host's webhook ingress: the `outcome` label of
 * `motherbot_webhook_requests_total`. A fixed set, so a flood of junk cannot grow the series.
 */
export const WEBHOOK_OUTCOMES = [
  'delivered',
  'not_found',
  'unauthorized',
  'bad_request',
  'method_not_allowed',
  'too_large',
  'unavailable',
  'timeout',
  'failed',
] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

/** The outcome of an answered request, from its HTTP status (the mother's own handler and a worker answer for themselves). */
export function outcomeOfStatus(status: number): WebhookOutcome {
  if (status >= 200 && status < 300) return 'delivered';
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 413:
      return 'too_large';
    case 503:
      return 'unavailable';
    case 504:
      return 'timeout';
    default:
      return 'failed';
  }
}

/** The counter the ingress counts into (registered on the mother's metrics registry). */
export type WebhookRequestCounter = Pick<Counter<'outcome'>, 'inc'>;
