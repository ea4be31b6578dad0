import { CLONE_ID_PATTERN } from '@motherbot/core';

/**
 * Callback data of the mother's buttons: `<ns>:<action>[:<arg>…]`, at most 64 bytes (Telegram's
 * limit). Decoding is strict (known namespace, known action, well-formed arguments); anything
 * else is answered with a polite refusal. Decoding never authorises: every handler re-checks
 * who pressed the button against the database.
 *
 *   c:<action>:<cloneId>        an owner's clone card and its actions
 *   p:<cloneId>:<planCode>      buy a plan for a clone (sends the Stars invoice)
 *   m:list                      "« My clones" in messages sent earlier: still served, no longer
 *                               sent (every "My clones" button now carries `Callback.myClones`)
 *   a:<action>[:<arg>[:…]]      admin panel
 *   r:pick:<referredId>         choose a clone for a referral reward
 *   r:use:<referredId>:<cloneId> spend that reward on that clone
 */
export const MAX_CALLBACK_BYTES = 64;

export const OWNER_ACTIONS = ['card', 'start', 'stop', 'rst', 'renew', 'tok', 'del', 'delok'] as const;
export type OwnerAction = (typeof OWNER_ACTIONS)[number];

export const ADMIN_ACTIONS = [
  'home', 'dash', 'cl', 'find', 'cc', 'start', 'stop', 'rst', 'susp', 'unsus', 'ext', 'extn', 'del', 'delok', 'errs',
  'us', 'ufind', 'ban', 'unban', 'pays', 'pay', 'rf', 'rfok', 'audit', 'plans', 'plon', 'ploff', 'bc', 'bcok',
  'pend', 'apr', 'rej', 'rejok', 'plat', 'papr', 'prwd', 'prwt',
] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

/** Joins the parts; throws on a value that would exceed 64 bytes (a bug, never user input). */
export function encodeCallback(...parts: ReadonlyArray<string | number>): string {
  const data = parts.map(String).join(':');
  if (Buffer.byteLength(data) > MAX_CALLBACK_BYTES) throw new Error(`callback data too long: ${data.length} bytes`);
  return data;
}

export const cb = {
  owner: (action: OwnerAction, cloneId: string): string => encodeCallback('c', action, cloneId),
  pay: (cloneId: string, planCode: string): string => encodeCallback('p', cloneId, planCode),
  admin: (action: AdminAction, ...args: ReadonlyArray<string | number>): string => encodeCallback('a', action, ...args),
  referralPick: (referredId: number): string => encodeCallback('r', 'pick', referredId),
  referralUse: (referredId: number, cloneId: string): string => encodeCallback('r', 'use', referredId, cloneId),
};

/** `r:pick:<referredId>` or `r:use:<referredId>:<cloneId>`; undefined for anything else. */
export function decodeReferral(data: string): { action: 'pick' | 'use'; referredId: number; cloneId?: string } | undefined {
  const [ns, action, id, cloneId, ...rest] = data.split(':');
  if (ns !== 'r' || rest.length || !id || !/^\d{1,16}$/.test(id)) return undefined;
  const referredId = Number(id);
  if (!Number.isSafeInteger(referredId) || referredId <= 0) return undefined;
  if (action === 'pick' && cloneId === undefined) return { action, referredId };
  if (action === 'use' && cloneId && CLONE_ID_PATTERN.test(cloneId)) return { action, referredId, cloneId };
  return undefined;
}

/** The data of "« My clones" buttons in messages sent before they carried `Callback.myClones`. */
export const LEGACY_MY_CLONES = 'm:list';

export function decodeOwner(data: string): { action: OwnerAction; cloneId: string } | undefined {
  const [ns, action, cloneId, ...rest] = data.split(':');
  if (ns !== 'c' || rest.length || !cloneId || !CLONE_ID_PATTERN.test(cloneId)) return undefined;
  if (!(OWNER_ACTIONS as readonly string[]).includes(action ?? '')) return undefined;
  return { action: action as OwnerAction, cloneId };
}

export function decodePay(data: string): { cloneId: string; planCode: string } | undefined {
  const [ns, cloneId, planCode, ...rest] = data.split(':');
  if (ns !== 'p' || rest.length || !cloneId || !CLONE_ID_PATTERN.test(cloneId) || !planCode || !/^[a-z0-9_]{1,16}$/.test(planCode)) return undefined;
  return { cloneId, planCode };
}

export function decodeAdmin(data: string): { action: AdminAction; args: string[] } | undefined {
  const [ns, action, ...args] = data.split(':');
  if (ns !== 'a' || !(ADMIN_ACTIONS as readonly string[]).includes(action ?? '') || args.length > 3) return undefined;
  if (!args.every((a) => /^[A-Za-z0-9_@-]{0,32}$/.test(a))) return undefined;
  return { action: action as AdminAction, args };
}

/** Argument readers for admin callbacks: undefined when the argument is malformed. */
export const arg = {
  cloneId: (args: string[], i: number): string | undefined => (args[i] && CLONE_ID_PATTERN.test(args[i]) ? args[i] : undefined),
  int: (args: string[], i: number, min: number, max: number): number | undefined => {
    const v = args[i];
    if (!v || !/^\d{1,12}$/.test(v)) return undefined;
    const n = Number(v);
    return n >= min && n <= max ? n : undefined;
  },
  ref: (args: string[], i: number): string | undefined => (args[i] && /^[0-9a-f]{12}$/.test(args[i]) ? args[i] : undefined),
  code: (args: string[], i: number): string | undefined => (args[i] && /^[a-z0-9_]{1,16}$/.test(args[i]) ? args[i] : undefined),
};
