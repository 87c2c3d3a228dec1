import type { lookup as realLookup } from 'node:dns';

import { DEFAULT_FETCH_POLICY, fetchFeed, isBlockedAddress, parseFeedUrl, type FetchPolicy } from '../../src/features/calendar/fetcher';
import { startFeedServer, type FeedServer } from './feedServer';

/** Reads through the fetcher; tests name the path on the local feed server. */
describe('reading a calendar feed safely', () => {
  let server: FeedServer;
  let policy: FetchPolicy;
  beforeAll(async () => {
    server = await startFeedServer();
    policy = { ...DEFAULT_FETCH_POLICY, timeoutMs: 1500, testOrigin: server.origin };
  });
  afterAll(async () => {
    await server.close();
  });

  function at(pathname: string): URL {
    const url = parseFeedUrl(`${server.origin}${pathname}`);
    if (!url) throw new Error('bad test url');
    return url;
  }

  it('reads a feed from the allowed test origin', async () => {
    const result = await fetchFeed(at('/cal/team.ics'), policy);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.text).toMatch(/^BEGIN:VCALENDAR/);
  });

  it('follows a redirect that stays on an allowed origin', async () => {
    const result = await fetchFeed(at('/cal/moved.ics'), policy);
    expect(result.ok).toBe(true);
  });

  it.each([
    ['/cal/to-loopback.ics', 'not_https'],
    ['/cal/to-loopback-https.ics', 'private_address'],
    ['/cal/to-metadata.ics', 'not_https'],
    ['/cal/to-metadata-https.ics', 'private_address'],
  ])('refuses a redirect to a private address (%s): %s, before connecting', async (pathname, problem) => {
    const result = await fetchFeed(at(pathname), policy);
    expect(result).toEqual({ ok: false, problem });
  });

  it('refuses more than 3 redirects', async () => {
    const result = await fetchFeed(at('/cal/loop.ics'), policy);
    expect(result).toEqual({ ok: false, problem: 'too_many_redirects' });
    expect(server.requests.filter((p) => p === '/cal/loop.ics').length).toBe(4);
  });

  it('stops reading a 6 MB feed at the 5 MB cap, declared or streamed', async () => {
    // A deadline far beyond the 1.5 s of the other cases: on a loaded CI machine streaming 5 MB can take longer, and this case is about the cap.
    const patient = { ...policy, timeoutMs: 30_000 };
    expect(await fetchFeed(at('/cal/huge.ics'), patient)).toEqual({ ok: false, problem: 'too_large' });
    expect(await fetchFeed(at('/cal/huge-declared.ics'), patient)).toEqual({ ok: false, problem: 'too_large' });
  });

  it('gives up on a feed that hangs when the deadline passes', async () => {
    const started = Date.now();
    const result = await fetchFeed(at('/cal/hang.ics'), { ...policy, timeoutMs: 300 });
    expect(result).toEqual({ ok: false, problem: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports an HTTP error with its status', async () => {
    expect(await fetchFeed(at('/cal/error.ics'), policy)).toEqual({ ok: false, problem: 'http_status', status: 500 });
  });

  it('without the test origin, plain http and loopback are refused even on the same server', async () => {
    const strict = { ...DEFAULT_FETCH_POLICY, timeoutMs: 1500 };
    expect(await fetchFeed(at('/cal/team.ics'), strict)).toEqual({ ok: false, problem: 'not_https' });
    const https = parseFeedUrl(`https://127.0.0.1:${server.port}/cal/team.ics`);
    if (!https) throw new Error('bad url');
    expect(await fetchFeed(https, strict)).toEqual({ ok: false, problem: 'private_address' });
    const before = server.requests.length;
    expect(await fetchFeed(new URL('https://localhost/cal/team.ics'), strict)).toEqual({ ok: false, problem: 'private_address' });
    expect(server.requests.length).toBe(before);
  });

  it('checks the addresses a name resolves to, after DNS, before connecting', async () => {
    const toMetadata: typeof realLookup = ((_host: string, _options: unknown, callback: (err: null, addresses: Array<{ address: string; family: number }>) => void) => {
      callback(null, [{ address: '93.184.216.34', family: 4 }, { address: '169.254.169.254', family: 4 }]);
    }) as unknown as typeof realLookup;
    const result = await fetchFeed(new URL('https://calendar.example.com/private-abc/basic.ics'), { ...DEFAULT_FETCH_POLICY, timeoutMs: 1500, lookup: toMetadata });
    expect(result).toEqual({ ok: false, problem: 'private_address' });
  });

  it('says when a host does not exist', async () => {
    const noSuchHost: typeof realLookup = ((_host: string, _options: unknown, callback: (err: Error) => void) => {
      callback(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    }) as unknown as typeof realLookup;
    const result = await fetchFeed(new URL('https://no-such-host.invalid/basic.ics'), { ...DEFAULT_FETCH_POLICY, timeoutMs: 1500, lookup: noSuchHost });
    expect(result).toEqual({ ok: false, problem: 'dns_failed' });
  });

  it.each([
    ['127.0.0.1', true], ['10.1.2.3', true], ['172.16.0.1', true], ['192.168.1.1', true], ['169.254.169.254', true],
    ['100.100.100.200', true], ['0.0.0.0', true], ['::1', true], ['fe80::1', true], ['fd00:ec2::254', true],
    ['::ffff:127.0.0.1', true], ['::ffff:10.0.0.1', true], ['8.8.8.8', false], ['2606:4700:4700::1111', false],
    ['::ffff:8.8.8.8', false], ['not-an-ip', true],
  ])('address %s blocked: %s', (address, blocked) => {
    expect(isBlockedAddress(address)).toBe(blocked);
  });

  it('reads webcal:// addresses as https and refuses other schemes', () => {
    expect(parseFeedUrl('webcal://p01-caldav.icloud.com/published/2/abc')?.protocol).toBe('https:');
    expect(parseFeedUrl('ftp://example.com/cal.ics')).toBeUndefined();
    expect(parseFeedUrl('not a url')).toBeUndefined();
    expect(parseFeedUrl('file:///etc/passwd')).toBeUndefined();
  });
});
