import type { AddressInfo } from 'node:net';

import { WebSocketServer, type WebSocket } from 'ws';

import { createApp } from '../../src/app';
import { fixedClock } from '../../src/core/clock';
import { openDatabase } from '../../src/core/db/connection';
import { runMigrations } from '../../src/core/db/migrations';
import { createLogger } from '../../src/core/logger';
import { LogCapture, tempDbPath, testConfig } from '../support/harness';
import { startSlackDouble, type SlackDouble } from '../support/slackDouble';
import { sqliteDatabase } from '../../src/core/db/sqlite';

describe('Socket Mode, end to end against the Slack double', () => {
  let double: SlackDouble;
  let wss: WebSocketServer;
  let socket: Promise<WebSocket>;

  beforeEach(async () => {
    double = await startSlackDouble();
    double.addUser({ id: 'U_SOCKET', tz: 'Pacific/Auckland' });
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    double.socketUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
    socket = new Promise((resolve) => {
      wss.once('connection', (ws) => {
        ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A_LEADCOACH' } }));
        resolve(ws);
      });
    });
  });

  afterEach(async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await double.stop();
  });

  it('opens the connection through SLACK_API_URL, answers /lead help over the socket, and serves /healthz on PORT', async () => {
    const dbPath = tempDbPath();
    const db = openDatabase(dbPath);
    runMigrations(db);
    const logs = new LogCapture();
    const config = testConfig(double, dbPath, { transport: 'socket', slackAppToken: 'xapp-1-test-app-token' });
    const app = createApp({ config, db: sqliteDatabase(db), logger: createLogger('debug', logs), clock: fixedClock('2026-11-18T10:00:00Z'), jobs: [] });
    const { port } = await app.start();
    try {
      const ws = await socket;
      const open = double.callsTo('apps.connections.open');
      expect(open).toHaveLength(1);
      expect(open[0]?.token).toBe('xapp-1-test-app-token');

      const acked = new Promise<Record<string, unknown>>((resolve) => {
        ws.on('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')) as Record<string, unknown>));
      });
      ws.send(
        JSON.stringify({
          envelope_id: 'env-1',
          type: 'slash_commands',
          accepts_response_payload: true,
          payload: {
            token: 'legacy',
            team_id: 'T0001',
            team_domain: 'example',
            channel_id: 'C_GENERAL',
            channel_name: 'general',
            user_id: 'U_SOCKET',
            user_name: 'socket',
            command: '/lead',
            text: 'help',
            api_app_id: 'A_LEADCOACH',
            response_url: double.responseUrl('socket-help'),
            trigger_id: 'trigger-socket',
          },
        }),
      );
      expect(await acked).toMatchObject({ envelope_id: 'env-1' });
      const reply = await double.waitFor(() => double.responses.find((r) => r.id === 'socket-help'));
      expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
      expect(JSON.stringify(reply.body.blocks)).toContain('/lead help');
      expect(db.prepare('SELECT time_zone FROM managers WHERE user_id = ?').get('U_SOCKET')).toEqual({
        time_zone: 'Pacific/Auckland',
      });

      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', transport: 'socket' });
      expect(logs.raw.join('\n')).not.toContain('xapp-1-test-app-token');
    } finally {
      await app.stop();
      db.close();
    }
  });
});
