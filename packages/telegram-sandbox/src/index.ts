/**
 * @motherbot/telegram-sandbox — a local, faithful-enough Telegram Bot API for running the
 * real bots in tests, the demo and benchmarks. See docs/sandbox.md.
 */
export { TelegramSandbox } from './sandbox';
export type { SandboxOptions, UserInfo, ChatInfo } from './sandbox';
export type { BotInfo, BotRef } from './control/refs';
export { SandboxError } from './control/refs';
export type { FileUpload, PaymentOutcome, PressResult } from './control/userActions';
export type { TranscriptEntry, WaitOptions } from './control/observe';
export type { FaultSpec, FaultKind } from './botApi/faults';
export type { HeldCall, HoldKind } from './botApi/heldCalls';
export type { FloodOptions } from './botApi/flood';
export type { CallbackAnswer } from './botApi/context';
export type { StatsSnapshot, WebhookDeliveryCounts } from './state/stats';
export type { MemberStatus, WorldEvent } from './state/world';
export type { TgMessage, TgUpdate, TgUser, TgChat, FileKind } from './state/types';
export { ApiError } from './botApi/errors';
export { supportedMethods } from './botApi/dispatcher';
/** The HTML parse_mode parser, for tests that check what a bot's HTML shows. */
export { parseHtml } from './botApi/entities/html';
export type { JoinOutcome } from './control/joinRequests';
