/** Why a recipient is `unknown`: it was in the window being sent when its process died. */
export const INTERRUPTED_REASON = 'interrupted while sending; not retried (at most once)';
