import { Composer, Markup, type Context } from 'telegraf';
import { escapeHtml, type ForceSubChannel } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import { cb } from '../services/callbackData';
import { telegramDescription } from '@motherbot/bot-kit';
import { onAction } from './callbackRouter';
import type { OpenLink } from './deliver';

/**
 * The force-subscribe gate. For each channel the owner set, getChatMember tells whether the
 * user is in it. When the bot cannot check (not an administrator of the channel, channel gone)
 * the user is let through and the OWNER is told what to fix, once per channel per cooldown:
 * a misconfiguration of the owner should not lock every user out.
 */
export class ForceSubscribeGate {
  private readonly warnedAt = new Map<number, number>();

  constructor(private readonly rt: CloneRuntime) {}

  /** The channels the user still has to join (empty: go ahead). */
  async missingChannels(userId: number): Promise<ForceSubChannel[]> {
    const { forceSubChannels } = await this.rt.settings.get();
    const missing: ForceSubChannel[] = [];
    for (const channel of forceSubChannels) {
      try {
        const member = await this.rt.telegram.getChatMember(channel.chatId, userId);
        const inside = member.status === 'creator' || member.status === 'administrator' || member.status === 'member' || (member.status === 'restricted' && member.is_member);
        if (!inside) missing.push(channel);
      } catch (error) {
        await this.warnOwner(channel, telegramDescription(error));
      }
    }
    return missing;
  }

  /** The "join" buttons and the "try again" button for a link. */
  joinKeyboard(missing: ForceSubChannel[], code: string) {
    return Markup.inlineKeyboard([
      ...missing.map((c) => [Markup.button.url(`Join ${c.title}`.slice(0, 60), c.joinUrl)]),
      [Markup.button.callback('🔄 Try again', cb.retry(code))],
    ]);
  }

  private async warnOwner(channel: ForceSubChannel, description: string): Promise<void> {
    const cooldown = this.rt.deps.ownerWarningCooldownMs ?? 3_600_000;
    const last = this.warnedAt.get(channel.chatId);
    if (last !== undefined && Date.now() - last < cooldown) return;
    this.warnedAt.set(channel.chatId, Date.now());
    this.rt.deps.logger.warn('force-subscribe check failed', { chatId: channel.chatId, description });
    const fix = /inaccessible|not enough rights|administrator/i.test(description)
      ? 'Make this bot an <b>administrator</b> of the channel (no special rights needed), so it can see who joined.'
      : /chat not found|kicked|not a member/i.test(description)
        ? 'Add this bot to the channel as an <b>administrator</b>, or remove the channel in /settings → Force-subscribe.'
        : 'Check that the channel still exists and that this bot is an administrator of it.';
    const text =
      `⚠️ I cannot check who joined <b>${escapeHtml(channel.title)}</b> (<code>${channel.chatId}</code>).\n` +
      `Telegram says: <i>${escapeHtml(description)}</i>\n\n${fix}\n\n` +
      'Until this is fixed, users get their files without the membership check.';
    await this.rt.telegram.sendMessage(this.rt.deps.ownerId, text, { parse_mode: 'HTML' }).catch((error: unknown) => {
      this.rt.deps.logger.warn('could not tell the owner about a force-subscribe channel', { error });
    });
  }
}

/** The "try again" button under the join buttons. */
export function forceSubscribeFeature(gate: ForceSubscribeGate, openLink: OpenLink): Composer<Context> {
  const composer = new Composer<Context>();
  onAction(composer, 'retry', async (ctx, action, userId) => {
    const missing = await gate.missingChannels(userId);
    if (missing.length > 0) {
      await ctx.answerCbQuery('You have not joined yet. Join, then press "Try again".', { show_alert: true });
      return;
    }
    await ctx.answerCbQuery();
    await ctx.deleteMessage().catch(() => undefined);
    await openLink(userId, action.code, { gatePassed: true });
  });
  return composer;
}
