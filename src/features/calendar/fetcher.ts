import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Reads a calendar feed from an address a manager typed, without letting that address reach the
 * app's own network: https only; every address a host name resolves to (and every redirect's) must be
 * public; at most 3 redirects; a deadline for the whole read; a size cap counted as bytes arrive.
 */
export interface FetchPolicy {
  /** Deadline for the whole read, redirects included. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /**
   * Tests only: one loopback origin (`http://127.0.0.1:<port>`) read over plain http without the address
   * checks. A redirect to any other origin is checked as usual.
   */
  testOrigin?: string | undefined;
  /** DNS look-up (tests replace it to make a public-looking name resolve to a private address). */
  lookup?: typeof dnsLookup;
}

export const DEFAULT_FETCH_POLICY: FetchPolicy = { timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 3 };

export type FetchProblem =
  | 'bad_url'
  | 'not_https'
  | 'credentials_in_url'
  | 'private_address'
  | 'dns_failed'
  | 'unreachable'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects'
  | 'http_status';

export type FetchResult = { ok: true; text: string } | { ok: false; problem: FetchProblem; status?: number };

/** Ranges a feed may never be read from: private, loopback, link-local (cloud metadata), CGNAT, multicast, reserved. */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['2001:db8::', 32],
  ['100::', 64], ['2002::', 16],
] as const) BLOCKED.addSubnet(net, prefix, 'ipv6');

/** True when an IP address is in a range a feed may not come from (IPv4-mapped IPv6 checked as IPv4). */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return BLOCKED.check(mapped[1], 'ipv4');
  if (/^::ffff:/i.test(address)) return true;
  return BLOCKED.check(address, 'ipv6');
}

class FetchFailure extends Error {
  constructor(
    readonly problem: FetchProblem,
    readonly status?: number,
  ) {
    super(problem);
  }
}

/** A DNS look-up that refuses (before connecting) when any resolved address is blocked. */
function guardedLookup(lookup: typeof dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = Array.isArray(addresses) ? addresses : [];
      if (list.length === 0) return callback(new FetchFailure('dns_failed'), '', 0);
      if (list.some((a) => isBlockedAddress(a.address))) return callback(new FetchFailure('private_address'), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      const first = list[0];
      return first ? callback(null, first.address, first.family) : callback(new FetchFailure('dns_failed'), '', 0);
    });
  };
}

/** Checks one address (the one typed, or a redirect's) before any connection is made. */
function checkTarget(url: URL, policy: FetchPolicy): { exempt: boolean } {
  if (policy.testOrigin && url.origin === policy.testOrigin) return { exempt: true };
  if (url.protocol !== 'https:') throw new FetchFailure('not_https');
  if (url.username || url.password) throw new FetchFailure('credentials_in_url');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isBlockedAddress(host)) throw new FetchFailure('private_address');
  if (/^(localhost|.*\.localhost|.*\.local|.*\.internal|metadata\.google\.internal)$/i.test(host)) throw new FetchFailure('private_address');
  return { exempt: false };
}

/** Parses what a manager typed: `webcal://` is read as https (Apple and Outlook hand those out). */
export function parseFeedUrl(text: string): URL | undefined {
  const trimmed = text.trim().replace(/^<|>$/g, '');
  const withScheme = trimmed.replace(/^webcals?:\/\//i, 'https://');
  try {
    const url = new URL(withScheme);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** One GET without following redirects; resolves status, location and (for 200) the body within the cap. */
function getOnce(url: URL, policy: FetchPolicy, exempt: boolean, signal: AbortSignal): Promise<{ status: number; location?: string; body?: Buffer }> {
  return new Promise((resolve, reject) => {
    const lookup = exempt ? undefined : guardedLookup(policy.lookup ?? dnsLookup);
    const options = {
      method: 'GET',
      signal,
      // One connection per read, closed after it: nothing pooled outlives the read.
      agent: false,
      headers: { accept: 'text/calendar, text/plain;q=0.5', 'user-agent': 'lead-coach calendar reader', 'accept-encoding': 'identity' },
      ...(lookup ? { lookup } : {}),
    };
    const req = (url.protocol === 'https:' ? https : http).request(url, options, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.resume();
        const location = res.headers.location;
        resolve(location ? { status, location } : { status });
        return;
      }
      if (status !== 200) {
        res.resume();
        resolve({ status });
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > policy.maxBytes) {
        res.destroy();
        reject(new FetchFailure('too_large'));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > policy.maxBytes) {
          res.destroy();
          reject(new FetchFailure('too_large'));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ status, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function toFailure(err: unknown, signal: AbortSignal): FetchFailure {
  if (err instanceof FetchFailure) return err;
  if (signal.aborted) return new FetchFailure('timeout');
  const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') return new FetchFailure('dns_failed');
  return new FetchFailure('unreachable');
}

/** Reads a feed under the policy. Never throws; never logs (the address is a secret). */
export async function fetchFeed(address: URL, policy: FetchPolicy = DEFAULT_FETCH_POLICY): Promise<FetchResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  try {
    let url = address;
    for (let redirects = 0; ; redirects++) {
      const { exempt } = checkTarget(url, policy);
      const answer = await getOnce(url, policy, exempt, controller.signal);
      if (answer.status >= 300 && answer.status < 400) {
        if (!answer.location) throw new FetchFailure('http_status', answer.status);
        if (redirects >= policy.maxRedirects) throw new FetchFailure('too_many_redirects');
        const next = parseFeedUrl(new URL(answer.location, url).toString());
        if (!next) throw new FetchFailure('bad_url');
        url = next;
        continue;
      }
      if (answer.status !== 200 || !answer.body) throw new FetchFailure('http_status', answer.status);
      return { ok: true, text: answer.body.toString('utf8') };
    }
  } catch (err) {
    const failure = toFailure(err, controller.signal);
    return failure.status === undefined ? { ok: false, problem: failure.problem } : { ok: false, problem: failure.problem, status: failure.status };
  } finally {
    clearTimeout(timer);
  }
}
