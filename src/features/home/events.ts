import type { WebClient } from '@slack/web-api';

import { buildHomeView, welcomeHomeView } from './blocks';
import { ensureRequestManager } from '../enrolment';
import { requestScope } from '../../core/slack/requestContext';
import { targetsFor, weekSummary } from '../timelog';
import type { HomeDeps } from './deps';
import type { EventRoutes } from '../../core/routers/events';

const TREND_WEEKS = 4;

/**
 * Publishes the user's App Home from what is stored now (other features reach it as a HomeRefresher).
 * Someone lead-coach stores nothing about gets the welcome Home.
 */
export async function publishHome(client: WebClient, deps: HomeDeps, userId: string): Promise<void> {
  const manager = await deps.repos.managers.get(userId);
  if (!manager) {
    await client.views.publish({ user_id: userId, view: welcomeHomeView() });
    return;
  }
  const targets = await targetsFor(deps, userId);
  const trend = await Promise.all(Array.from({ length: TREND_WEEKS }, (_, i) => weekSummary(deps, manager, TREND_WEEKS - 1 - i, targets)));
  const thisWeek = trend[trend.length - 1] ?? (await weekSummary(deps, manager, 0, targets));
  const extra = await Promise.all(deps.sections.map((build) => build(manager)));
  await client.views.publish({ user_id: userId, view: buildHomeView({ manager, thisWeek, trend, targets }, extra) });
}

export function registerAppHomeEvents(routes: EventRoutes, deps: HomeDeps): void {
  routes.event('app_home_opened', async ({ event, client, context }) => {
    if (event.tab !== 'home') return;
    const scope = requestScope(context);
    const logger = scope.logger;
    // Opening the tab enrols nobody (that takes /lead or "Start coaching"); it only refreshes a known manager's zone.
    if (scope.manager) {
      await ensureRequestManager(deps, client, scope, event.user);
    }
    await publishHome(client, deps, event.user);
    logger.debug('home published');
  });
}
