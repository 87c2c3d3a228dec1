import type { CustomRoute } from '@slack/bolt';
import { z } from 'zod';

import type { Clock } from '../clock';
import { isDatabaseHealthy, type Db } from '../db/connection';
import { REFUSED_PREFIX } from '../delivery/delivery';

/**
 * `GET /healthz`: 200 with JSON while the database answers, 503 when it does not. `deliveryErrors`
 * counts scheduled messages Slack refused because we built them wrong (see OUR_MESSAGE_ERRORS):
 * a bug to fix, not an outage, so it does not change the status.
 */
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
        ...(healthy ? { deliveryErrors: refusedDeliveries(db) } : {}),
      };
      res.writeHead(healthy ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
    },
  };
}

const CountRow = z.object({ n: z.number() });

function refusedDeliveries(db: Db): number {
  const row = db.prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE status = 'failed' AND last_error LIKE ? || '%'`).get(REFUSED_PREFIX);
  return CountRow.parse(row).n;
}
