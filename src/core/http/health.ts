import type { CustomRoute } from '@slack/bolt';

import type { Clock } from '../clock';
import { isDatabaseHealthy, type Db } from '../db/connection';

/** `GET /healthz`: 200 with JSON while the database answers, 503 when it does not. */
export function healthRoute(db: Db, transport: 'http' | 'socket', clock: Clock): CustomRoute {
  const startedAt = clock.now();
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      const healthy = isDatabaseHealthy(db);
      const body = {
        status: healthy ? 'ok' : 'unavailable',
        database: healthy ? 'ok' : 'unreachable',
        transport,
        uptimeSeconds: Math.round((clock.now().getTime() - startedAt.getTime()) / 1000),
      };
      res.writeHead(healthy ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
    },
  };
}
