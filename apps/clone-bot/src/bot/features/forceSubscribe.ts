import { Composer, Markup, type Context, type Telegram } from 'telegraf';
import { escapeHtml, type ForceSubChannel } from '@motherbot/core';
import { localeOf, telegramDescription } from '@motherbot/bot-kit';
import type { CloneRuntime } from '../context';
import { cb } from '../services/callbackData';
import { textsFor } from '../services/recipientTexts';
import { personFor } from '../services/ownerTexts';
import { fillPersonHtml, type Person } from '../welcomeText';
import { isBlankHtml } from '../services/entitiesToHtml';
import { JoinRequests } from '../../data/joinRequests';
import { cloneTexts, tr, type CloneTranslate } from '../../i18n/texts';
import { onAction } from './callbackRouter';
import type { OpenLink } from './deliver';

/**
 * The force-subscribe gate. For each channel the owner set, getChatMember tells whether the
 * user is in it; for a join-request channel a pending request the user made (recorded from
 * `chat_join_request`, one point read) counts as joined too. A request is spent (deleted) once
 * the gate sees the user as a member or banned, or Telegram says it is no longer pending: a user
 * approved who leaves later, like one who never asked, must join or ask again
 * (data/joinRequests.ts; docs/clone-bot.md). When the bot cannot check (not an
 * administrator of the channel, channel gone) the user is let through and the OWNER is told
 * what to fix, once per channel per cooldown: a misconfiguration of the owner should not lock
 * every user out.
 */
export class ForceSubscribeGate {
  private readonly warnedAt = new Map<number, number>();
  readonly requests: JoinRequests;

  constructor(private readonly rt: CloneRuntime) {
    this.requests = new JoinRequests(rt.deps.cloneDb);
  }

  /** The channels the user still has to join (empty: go ahead). */
  async missingChannels(userId: number): Promise<ForceSubChannel[]> {
    const { forceSubChannels } = await this.rt.settings.get();
    const missing: ForceSubChannel[] = [];
    for (const channel of forceSubChannels) {
      let member: Awaited<ReturnType<Telegram['getChatMember']>>;
      try {
        member = await this.rt.telegram.getChatMember(channel.chatId, userId);
      } catch (error) {
        // Only Telegram's refusal is the channel's problem (told to the owner); the user is let through.
        await this.warnOwner(channel, telegramDescription(error));
        continue;
      }
      const inside = member.status === 'creator' || member.status === 'administrator' || member.status === 'member' || (member.status === 'restricted' && member.is_member);
      if (channel.kind === 'request' && (inside || member.status === 'kicked')) {
        // Spending is housekeeping: a failed delete leaves a request that the next check spends.
        await this.requests.spend(channel.chatId, userId).catch((error: unknown) => this.rt.deps.logger.warn('join request not spent', { error: (error as Error).message }));
      }
      if (inside) continue;
      if (channel.kind === 'request' && member.status !== 'kicked' && (await this.requests.has(channel.chatId, userId))) continue;
      missing.push(channel);
    }
    return missing;
  }

  /** The message above the join buttons: the owner's (formatted, placeholders filled) or the bot's own, as HTML. */
  async joinText(user: Person, count: number, t: CloneTranslate): Promise<string> {
    const { forceSubHtml } = await this.rt.settings.get();
    const own = forceSubHtml ? fillPersonHtml(forceSubHtml, user) : '';
    return isBlankHtml(own) ? escapeHtml(t('forceSubscribe.joinFirst', { count })) : own;
  }

  /** The "join" buttons and the "try again" button for a link. */
  joinKeyboard(missing: ForceSubChannel[], code: string, t: CloneTranslate = textsFor(this.rt, 0)) {
    return Markup.inlineKeyboard([
      ...missing.map((c) => [Markup.button.url(t(c.kind === 'request' ? 'forceSubscribe.requestJoin' : 'forceSubscribe.join', { title: c.title }).slice(0, 60), c.joinUrl)]),
      [Markup.button.callback(t('forceSubscribe.tryAgain'), cb.retry(code))],
    ]);
  }

  /**
   * Sends the join message for `code` to a user who is missing `missing`, in `locale` (else the
   * user's chosen language).
   */
  async askToJoin(userId: number, missing: ForceSubChannel[], code: string, locale?: string): Promise<void> {
    const t = locale ? cloneTexts.forLocale(locale) : textsFor(this.rt, userId);
    const { forceSubHtml } = await this.rt.settings.get();
    const user = forceSubHtml ? await personFor(this.rt, userId, forceSubHtml) : { id: userId, first_name: '' };
    await this.rt.telegram.sendMessage(userId, await this.joinText(user, missing.length, t), { parse_mode: 'HTML', ...this.joinKeyboard(missing, code, t) });
  }

  /**
   * A `chat_join_request` to one of the gate's join-request channels: recorded (so it counts as
   * joined), and approved when the owner turned auto-approve on. A refused approval is told to
   * the owner once per cooldown; the request still counts.
   */
  async onJoinRequest(chatId: number, userId: number): Promise<void> {
    const s = await this.rt.settings.get();
    const channel = s.forceSubChannels.find((c) => c.chatId === chatId && c.kind === 'request');
    if (!channel) return;
    await this.requests.record(chatId, userId);
    if (!s.joinRequestAutoApprove) return;
    try {
      await this.rt.telegram.approveChatJoinRequest(chatId, userId);
    } catch (error) {
      const description = telegramDescription(error);
      // The request is no longer pending (answered by an administrator, or the user is in): membership alone counts now.
      if (/HIDE_REQUESTER_MISSING|USER_ALREADY_PARTICIPANT/i.test(description)) return void (await this.requests.spend(chatId, userId));
      await this.warnOwnerOnce(chatId, () => textsFor(this.rt, this.rt.deps.ownerId)('forceSubscribe.autoNoRight', { title: escapeHtml(channel.title), description: escapeHtml(description) }));
    }
  }

  private async warnOwner(channel: ForceSubChannel, description: string): Promise<void> {
    await this.warnOwnerOnce(channel.chatId, () => {
      const t = textsFor(this.rt, this.rt.deps.ownerId);
      this.rt.deps.logger.warn('force-subscribe check failed', { chatId: channel.chatId, description });
      const fix = /inaccessible|not enough rights|administrator/i.test(description)
        ? t('forceSubscribe.fixAdmin')
        : /chat not found|kicked|not a member/i.test(description)
          ? t('forceSubscribe.fixAdd')
          : t('forceSubscribe.fixCheck');
      return t('forceSubscribe.ownerWarning', { title: escapeHtml(channel.title), chatId: channel.chatId, description: escapeHtml(description), fix });
    });
  }

  /** Tells the owner about a channel, at most once per cooldown per channel. */
  private async warnOwnerOnce(chatId: number, text: () => string): Promise<void> {
    const cooldown = this.rt.deps.ownerWarningCooldownMs ?? 3_600_000;
    const last = this.warnedAt.get(chatId);
    if (last !== undefined && Date.now() - last < cooldown) return;
    this.warnedAt.set(chatId, Date.now());
    await this.rt.telegram.sendMessage(this.rt.deps.ownerId, text(), { parse_mode: 'HTML' }).catch((error: unknown) => {
      this.rt.deps.logger.warn('could not tell the owner about a force-subscribe channel', { error });
    });
  }
}

/** The "try again" button under the join buttons, and the join requests of the gate's channels. */
export function forceSubscribeFeature(gate: ForceSubscribeGate, openLink: OpenLink): Composer<Context> {
  const composer = new Composer<Context>();
  onAction(composer, 'retry', async (ctx, action, userId) => {
    const missing = await gate.missingChannels(userId);
    if (missing.length > 0) {
      await ctx.answerCbQuery(tr(ctx)('forceSubscribe.notYet'), { show_alert: true });
      return;
    }
    await ctx.answerCbQuery();
    await ctx.deleteMessage().catch(() => undefined);
    await openLink(userId, action.code, { gatePassed: true, locale: localeOf(ctx) });
  });
  composer.on('chat_join_request', async (ctx) => {
    await gate.onJoinRequest(ctx.chatJoinRequest.chat.id, ctx.chatJoinRequest.from.id);
  });
  return composer;
}
