import type { ServerResponse } from 'node:http';

import type { CustomRoute } from '@slack/bolt';
import { z } from '../zod';

import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { REFUSED_PREFIX } from '../delivery/delivery';
import type { InstalledWorkspace } from '../workspace';
import type { HealthMonitor } from './healthMonitor';

/**
 * `GET /healthz`: 503 with `status: 'unavailable'` when the database does not answer (a restart may
 * help). Otherwise 200: `status: 'ok'`, or `status: 'degraded'` with `problems` (one sentence each)
 * when Slack calls keep failing or a job run overran its deadline; those are not fixed by a restart,
 * so an orchestrator should not kill the process for them, but monitoring can alert on `degraded`.
 * `deliveryErrors` counts scheduled messages Slack refused because we built them wrong (see
 * OUR_MESSAGE_ERRORS): a bug to fix, not an outage, so it does not change the status. It counts
 * this install's workspace only (other installs may share the database), once the workspace is known.
 */
export function healthRoute(
  db: Database,
  transport: 'http' | 'socket',
  clock: Clock,
  monitor?: HealthMonitor,
  workspace?: InstalledWorkspace,
): CustomRoute {
  const startedAt = clock.now();
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      respond(res).catch(() => {
        if (!res.headersSent) res.writeHead(503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify({ status: 'unavailable', database: 'unreachable', engine: db.engine }));
      });
    },
  };

  async function respond(res: ServerResponse): Promise<void> {
    const healthy = await db.healthy();
    const refused = healthy && workspace?.known ? await refusedDeliveries(db, workspace.id).catch(() => undefined) : undefined;
    const problems = monitor?.problems() ?? [];
    const body = {
      status: !healthy ? 'unavailable' : problems.length ? 'degraded' : 'ok',
      ...(problems.length ? { problems } : {}),
      database: healthy ? 'ok' : 'unreachable',
      engine: db.engine,
      transport,
      uptimeSeconds: Math.round((clock.now().getTime() - startedAt.getTime()) / 1000),
      ...(refused !== undefined ? { deliveryErrors: refused } : {}),
    };
    res.writeHead(healthy ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  }
}

const CountRow = z.object({ n: z.number() });

async function refusedDeliveries(db: Database, team: string): Promise<number> {
  const row = await db.get(`SELECT COUNT(*) AS n FROM deliveries WHERE team_id = ? AND status = 'failed' AND last_error LIKE ? || '%'`, [team, REFUSED_PREFIX]);
  return CountRow.parse(row).n;
}
