import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

/** A host that resolves (or is) a loopback, private, link-local or otherwise internal address. */
export class BlockedAddressError extends Error {
  constructor(readonly hostname: string) {
    super(`${hostname} is an internal address`);
    this.name = 'BlockedAddressError';
  }
}

/** More redirects than allowed, or one to something that is not http(s). */
export class RedirectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedirectError';
  }
}

const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) INTERNAL.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  // IPv4-compatible (::a.b.c.d), loopback and unspecified.
  ['::', 96],
  ['::1', 128],
  // IPv4-mapped and NAT64 forms can carry any IPv4 address; a public shortener never needs them.
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  // 6to4 and Teredo embed an IPv4 address too.
  ['2002::', 16],
  ['2001::', 32],
  ['fec0::', 10],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) INTERNAL.addSubnet(network, prefix, 'ipv6');

/** True for an address a request from a clone worker must not reach (and for anything that is not an IP address). */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return INTERNAL.check(address, 'ipv4');
  if (family === 6) return INTERNAL.check(address, 'ipv6');
  return true;
}

/**
 * A DNS lookup that refuses internal addresses. Used as the socket's own lookup, so the address
 * checked is the address connected to: a name that resolves differently on a second lookup
 * (DNS rebinding) cannot slip past a check made beforehand.
 */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    if (addresses.length === 0 || addresses.some((a) => isInternalAddress(a.address))) return callback(new BlockedAddressError(hostname), '');
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

export interface GuardedGetOptions {
  /** The whole exchange, redirects included. */
  timeoutMs: number;
  /** Bytes of the body kept; the rest is not read. */
  maxBytes: number;
  /** Whether internal addresses may be reached (a test's local server); false for owners' URLs. */
  allowInternal: boolean;
  maxRedirects?: number;
}

export interface GuardedResponse {
  status: number;
  body: string;
}

/**
 * GET of a URL an owner typed: only public addresses (checked at connect time, on every
 * redirect), at most `maxRedirects` redirects, at most `maxBytes` of body, all within
 * `timeoutMs`. Rejects with BlockedAddressError, RedirectError, an AbortError/TimeoutError on
 * the deadline, or the socket's own error.
 */
export async function guardedGet(url: string, options: GuardedGetOptions): Promise<GuardedResponse> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let target = new URL(url);
  for (let hop = 0; ; hop += 1) {
    const { status, location, body } = await getOnce(target, options, signal);
    if (!location || ![301, 302, 303, 307, 308].includes(status)) return { status, body };
    if (hop >= (options.maxRedirects ?? 3)) throw new RedirectError('too many redirects');
    target = new URL(location, target);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new RedirectError('a redirect to something that is not a web address');
  }
}

function getOnce(url: URL, options: GuardedGetOptions, signal: AbortSignal): Promise<GuardedResponse & { location?: string }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // A literal address is connected to without any lookup, so it is checked here.
  if (!options.allowInternal && (isIP(host) ? isInternalAddress(host) : host === 'localhost' || host.endsWith('.localhost'))) {
    return Promise.reject(new BlockedAddressError(host));
  }
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // agent false: a fresh socket every time. A pooled keep-alive socket to the same host (opened by
    // anything else in the process) would be reused without a lookup, so without the check.
    const request = send(url, { method: 'GET', agent: false, signal, headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.1' }, ...(options.allowInternal ? {} : { lookup: publicOnlyLookup }) }, (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (): void => resolve({ status: response.statusCode ?? 0, location: response.headers.location, body: Buffer.concat(chunks).toString('utf8') });
      response.on('data', (chunk: Buffer) => {
        if (size >= options.maxBytes) return;
        chunks.push(chunk.subarray(0, options.maxBytes - size));
        size += chunk.length;
        // Enough is read: the rest is never downloaded.
        if (size >= options.maxBytes) {
          response.destroy();
          finish();
        }
      });
      response.on('end', finish);
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}
