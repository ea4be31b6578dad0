import { DAY_MS, newCloneId, type CloneDoc } from '@motherbot/core';
import { cb } from '../src/bot/callbackData';
import { InProcessMother, textOf } from './securityMother';

/**
 * Steps shared by the tests of paying for clones: a clone as onboarding stores it (no worker,
 * a 3-day trial), and a plan bought through the real invoice and the sandbox's Stars payment.
 */
export async function makeClone(m: InProcessMother, ownerId: number, approval: CloneDoc['approval'] = null): Promise<string> {
  const _id = newCloneId();
  await m.models.Clone.create({ _id, ownerId, botId: 1e9 + Math.floor(Math.random() * 1e9), botUsername: `paid_${_id}_bot`, source: 'token', approval });
  await m.models.Subscription.create({ _id, ownerId, expiresAt: new Date(Date.now() + 3 * DAY_MS), isTrial: true });
  await m.models.OwnerClones.updateOne({ _id: String(ownerId) }, { $addToSet: { cloneIds: _id } }, { upsert: true });
  return _id;
}

/** The invoice message of plan m1 for `cloneId`, asked for by `userId` through the Renew screen's plan button. */
export async function invoiceMessage(m: InProcessMother, userId: number, cloneId: string): Promise<number> {
  await m.say(userId, '/help', /Commands/);
  const invoice = await m.press(userId, cb.pay(cloneId, 'm1'), (r) => Boolean((r.message as { invoice?: unknown } | undefined)?.invoice));
  if (!invoice.message) throw new Error(`no invoice for ${cloneId}`);
  return invoice.message.message_id;
}

/** Buys plan m1 for `cloneId` as `userId`; resolves to the charge id once the receipt is shown. */
export async function payPlan(m: InProcessMother, userId: number, cloneId: string): Promise<string> {
  const messageId = await invoiceMessage(m, userId, cloneId);
  const after = m.sandbox.cursor();
  const paid = await m.sandbox.payInvoice(userId, m.id, messageId);
  if (paid.status !== 'paid') throw new Error(`payment ${paid.status}: ${paid.error_message ?? ''}`);
  await m.sandbox.waitForBotMessage({ chatId: userId, botRef: m.id, after, predicate: (msg) => /Payment received/.test(textOf(msg)) });
  return paid.telegram_payment_charge_id!;
}
