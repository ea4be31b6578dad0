/**
 * Inline-button data of the clone bot: built and parsed here only, always within Telegram's
 * 64 bytes, and re-validated on every press (a client can send any data it likes).
 *
 *   fs:<code>            try again after joining the force-subscribe channels
 *   g:<code>             get a file from a search result
 *   s:<searchId>:<page>  a page of search results
 *   st:<action>[:<arg>]  the owner's settings menus
 *   bc:x:<broadcastId>   cancel a broadcast
 *   pm:<offerId>         buy a premium offer (the invoice is checked again at pre-checkout)
 *   dl:<r|p|x>           a discovery button under the welcome: recent, popular, random
 *   dg:<code>            get a file from a discovery list
 *   ix:x                 cancel the running channel indexing job
 *   bp:<code>:<page>:<expires>:<sig>  the next page of a batch link (signed for the user: services/batchPageGrants.ts)
 */
import { parseLinkCode } from './linkCodes';
import type { PageGrant } from './batchPageGrants';

export type CallbackAction =
  | { type: 'retry'; code: string }
  | { type: 'get'; code: string }
  | { type: 'searchPage'; searchId: string; page: number }
  | { type: 'settings'; action: SettingsActionName; arg: string | null }
  | { type: 'broadcastCancel'; broadcastId: string }
  | { type: 'discovery'; list: DiscoveryList }
  | { type: 'discoveryGet'; code: string }
  | { type: 'premiumBuy'; offerId: number }
  | { type: 'indexCancel' }
  | ({ type: 'batchPage' } & PageGrant);

/** The discovery lists under the welcome. */
export type DiscoveryList = 'recent' | 'popular' | 'random';
const DISCOVERY_CODES: Record<string, DiscoveryList> = { r: 'recent', p: 'popular', x: 'random' };

export const SETTINGS_ACTIONS = [
  'main', 'close', 'protect', 'search', 'welcome', 'welcomeEdit', 'welcomeReset',
  'ad', 'adSet', 'adCustom', 'fs', 'fsAdd', 'fsRm', 'adm', 'admAdd', 'admRm', 'store', 'storeSet', 'storeOff',
  'prem', 'premAdd', 'premRm',
  'cap', 'capEdit', 'capOff', 'capKeep', 'capSave', 'capDrop', 'btnOff', 'btnShare', 'btnChan',
  'wl', 'wlEn', 'wlEs', 'wlHi', 'wlRm',
  'idx', 'idxSet', 'idxOff',
  'welcomePhoto', 'welcomePhotoOff', 'fsText', 'fsTextReset', 'fsAddReq', 'fsAuto', 'vfText', 'vfTextReset', 'draftSave', 'draftCancel',
  'disc', 'discRecent', 'discPopular', 'discRandom',
  'vf', 'vfToggle', 'vfWin', 'vfUrl', 'vfKey', 'vfFail', 'vfTut', 'vfTutOff', 'quota',
] as const;
export type SettingsActionName = (typeof SETTINGS_ACTIONS)[number];
const SETTINGS_SET = new Set<string>(SETTINGS_ACTIONS);
const isSettingsAction = (action: string | undefined): action is SettingsActionName => action !== undefined && SETTINGS_SET.has(action);

export const cb = {
  retry: (code: string) => `fs:${code}`,
  get: (code: string) => `g:${code}`,
  searchPage: (searchId: string, page: number) => `s:${searchId}:${page}`,
  settings: (action: SettingsActionName, arg?: string | number) => (arg === undefined ? `st:${action}` : `st:${action}:${arg}`),
  broadcastCancel: (broadcastId: string) => `bc:x:${broadcastId}`,
  premiumBuy: (offerId: number) => `pm:${offerId}`,
  discovery: (list: DiscoveryList) => `dl:${list === 'recent' ? 'r' : list === 'popular' ? 'p' : 'x'}`,
  discoveryGet: (code: string) => `dg:${code}`,
  indexCancel: () => 'ix:x',
  /** Expires in base36 Unix seconds: with an 18-character code and a 16-character MAC, about 48 bytes. */
  batchPage: (g: PageGrant) => `bp:${g.code}:${g.page}:${g.expires.toString(36)}:${g.sig}`,
};

/** The action of a button press, or null for anything malformed or tampered with. */
export function parseCallbackData(data: unknown): CallbackAction | null {
  if (typeof data !== 'string' || data.length === 0 || Buffer.byteLength(data) > 64) return null;
  const [head, ...rest] = data.split(':');
  switch (head) {
    case 'dl': {
      const list = rest.length === 1 ? DISCOVERY_CODES[rest[0]!] : undefined;
      return list ? { type: 'discovery', list } : null;
    }
    case 'dg': {
      const link = rest.length === 1 ? parseLinkCode(rest[0]) : null;
      return link ? { type: 'discoveryGet', code: link.code } : null;
    }
    case 'fs':
    case 'g': {
      const link = rest.length === 1 ? parseLinkCode(rest[0]) : null;
      if (!link) return null;
      return head === 'fs' ? { type: 'retry', code: link.code } : { type: 'get', code: link.code };
    }
    case 's': {
      const [searchId, page] = rest;
      if (rest.length !== 2 || !/^[A-Za-z0-9_-]{8}$/.test(searchId ?? '') || !/^\d{1,4}$/.test(page ?? '')) return null;
      return { type: 'searchPage', searchId: searchId!, page: Number(page) };
    }
    case 'st': {
      const [action, arg, ...extra] = rest;
      if (!isSettingsAction(action) || extra.length > 0) return null;
      if (arg !== undefined && !/^-?\d{1,15}$/.test(arg)) return null;
      return { type: 'settings', action, arg: arg ?? null };
    }
    case 'bc': {
      const [verb, id] = rest;
      if (rest.length !== 2 || verb !== 'x' || !/^[0-9a-f]{16}$/.test(id ?? '')) return null;
      return { type: 'broadcastCancel', broadcastId: id! };
    }
    case 'pm': {
      const [offerId] = rest;
      if (rest.length !== 1 || !/^\d{1,10}$/.test(offerId ?? '')) return null;
      return { type: 'premiumBuy', offerId: Number(offerId) };
    }
    case 'ix':
      return rest.length === 1 && rest[0] === 'x' ? { type: 'indexCancel' } : null;
    case 'bp': {
      const [code, page, expires, sig] = rest;
      const link = rest.length === 4 ? parseLinkCode(code) : null;
      if (link?.kind !== 'batch' || !/^[1-9]\d{0,2}$/.test(page ?? '') || !/^[0-9a-z]{1,8}$/.test(expires ?? '') || !/^[A-Za-z0-9_-]{16}$/.test(sig ?? '')) return null;
      return { type: 'batchPage', code: link.code, page: Number(page), expires: parseInt(expires!, 36), sig: sig! };
    }
    default:
      return null;
  }
}
