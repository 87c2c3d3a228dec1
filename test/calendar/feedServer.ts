import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const FIXTURES = path.join(__dirname, 'fixtures');

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** A 6 MB feed: a valid calendar padded with events until it passes the 5 MB cap. */
export function hugeFeed(): string {
  const event = (i: number): string =>
    `BEGIN:VEVENT\r\nUID:bulk-${i}\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261118T100000Z\r\nDTEND:20261118T103000Z\r\nSUMMARY:Bulk event number ${i} with a long description to take up room\r\nEND:VEVENT\r\n`;
  const parts = ['BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//lead-coach tests//EN\r\n'];
  let size = parts[0]?.length ?? 0;
  for (let i = 0; size < 6 * 1024 * 1024; i++) {
    const e = event(i);
    parts.push(e);
    size += e.length;
  }
  parts.push('END:VCALENDAR\r\n');
  return parts.join('');
}

export interface FeedServer {
  origin: string;
  port: number;
  /** Paths requested, in order (the test sees what was read). */
  requests: string[];
  /** Replaces what a path serves. */
  serve(pathname: string, body: string, contentType?: string): void;
  /** Makes a path answer with this HTTP status (a feed that starts failing); undefined restores it. */
  failWith(pathname: string, status: number | undefined): void;
  close(): Promise<void>;
}

/**
 * A local HTTP server with the feeds the tests read: fixtures, a 6 MB feed (streamed, no
 * Content-Length), redirects to loopback and to the cloud metadata address, a feed that hangs, 500s.
 */
export async function startFeedServer(): Promise<FeedServer> {
  const bodies = new Map<string, { body: string; type: string }>();
  for (const name of ['team.ics', 'dst.ics', 'outlook.ics', 'broken.ics']) bodies.set(`/cal/${name}`, { body: fixture(name), type: 'text/calendar; charset=utf-8' });
  bodies.set('/cal/page.html', { body: fixture('page.html'), type: 'text/html' });
  bodies.set('/cal/not-ical.txt', { body: 'Hello, this is not a calendar.\n', type: 'text/plain' });
  const requests: string[] = [];
  const failing = new Map<string, number>();
  const hanging = new Set<http.ServerResponse>();
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname);
    const status = failing.get(url.pathname);
    if (status !== undefined) {
      res.writeHead(status);
      res.end('failing');
      return;
    }
    const served = bodies.get(url.pathname);
    if (served) {
      res.writeHead(200, { 'content-type': served.type });
      res.end(served.body);
      return;
    }
    switch (url.pathname) {
      case '/cal/huge.ics': {
        res.writeHead(200, { 'content-type': 'text/calendar' });
        const body = Buffer.from(hugeFeed());
        for (let at = 0; at < body.length; at += 64 * 1024) res.write(body.subarray(at, at + 64 * 1024));
        res.end();
        return;
      }
      case '/cal/huge-declared.ics':
        res.writeHead(200, { 'content-type': 'text/calendar', 'content-length': String(6 * 1024 * 1024) });
        res.end();
        return;
      case '/cal/hang.ics':
        hanging.add(res);
        return;
      case '/cal/to-loopback.ics':
        res.writeHead(302, { location: 'http://127.0.0.1:9/cal/team.ics' });
        res.end();
        return;
      case '/cal/to-loopback-https.ics':
        res.writeHead(302, { location: 'https://127.0.0.1/cal/team.ics' });
        res.end();
        return;
      case '/cal/to-metadata.ics':
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        res.end();
        return;
      case '/cal/to-metadata-https.ics':
        res.writeHead(301, { location: 'https://169.254.169.254/latest/meta-data/' });
        res.end();
        return;
      case '/cal/moved.ics':
        res.writeHead(301, { location: `${origin}/cal/team.ics` });
        res.end();
        return;
      case '/cal/loop.ics':
        res.writeHead(302, { location: '/cal/loop.ics' });
        res.end();
        return;
      case '/cal/error.ics':
        res.writeHead(500);
        res.end('oops');
        return;
      default:
        res.writeHead(404);
        res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    requests,
    serve(pathname, body, type = 'text/calendar') {
      bodies.set(pathname, { body, type });
    },
    failWith(pathname, status) {
      if (status === undefined) failing.delete(pathname);
      else failing.set(pathname, status);
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
