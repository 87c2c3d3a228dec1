import type { CustomRoute } from '@slack/bolt';
import { z } from '../zod';

import type { Clock } from '../clock';
import { isDatabaseHealthy, type Db } from '../db/connection';
import { REFUSED_PREFIX } from '../delivery/delivery';
import type { HealthMonitor } from './healthMonitor';

/**
 * `GET /healthz`: 503 with `status: 'unavailable'` when the database does not answer (a restart may
 * help). Otherwise 200: `status: 'ok'`, or `status: 'degraded'` with `problems` (one sentence each)
 * when Slack calls keep failing or a job run overran its deadline; those are not fixed by a restart,
 * so an orchestrator should not kill the process for them, but monitoring can alert on `degraded`.
 * `deliveryErrors` counts scheduled messages Slack refused because we built them wrong (see
 * OUR_MESSAGE_ERRORS): a bug to fix, not an outage, so it does not change the status.
 */
export function healthRoute(db: Db, transport: 'http' | 'socket', clock: Clock, monitor?: HealthMonitor): CustomRoute {
  const startedAt = clock.now();
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      const healthy = isDatabaseHealthy(db);
      const problems = monitor?.problems() ?? [];
      const body = {
        status: !healthy ? 'unavailable' : problems.length ? 'degraded' : 'ok',
        ...(problems.length ? { problems } : {}),
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
