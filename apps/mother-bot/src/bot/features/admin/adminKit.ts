import type { Context } from 'telegraf';
import type { Actor } from '../../../services/actor';
import type { MotherBotDeps } from '../../context';

/** An admin screen or action: returns the text for the callback answer (a toast), if any. */
export type AdminHandler = (ctx: Context, args: string[], admin: Actor) => Promise<string | void>;

/** Thrown when a callback argument is malformed (tampered data): answered with a refusal. */
export class StaleButton extends Error {}

export const need = <T>(value: T | undefined): T => {
  if (value === undefined) throw new StaleButton();
  return value;
};

/** Conversation steps of the admin panel (the next text message is the input). */
export const AdminStep = {
  searchClones: 'admin_search_clones',
  findUser: 'admin_find_user',
  extendDays: 'admin_extend_days',
  broadcast: 'admin_broadcast',
  rejectReason: 'admin_reject_reason',
  rewardDays: 'admin_reward_days',
} as const;

export type AdminDeps = MotherBotDeps;
