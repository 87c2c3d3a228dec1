import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Receiver } from '@slack/bolt';
// Bolt's modules, not its index: the index also loads the Express and AWS Lambda receivers, which
// this app never uses (Express alone is about a third of Bolt's load time at start).
import App from '@slack/bolt/dist/App';
import HTTPReceiver from '@slack/bolt/dist/receivers/HTTPReceiver';
import SocketModeReceiver from '@slack/bolt/dist/receivers/SocketModeReceiver';

import type { Clock } from './core/clock';
import type { Config } from './core/config';
import type { Database } from './core/db/database';
import { createAppDeps, jobDeps, type AppDeps } from './deps';
import { healthRoute } from './core/http/health';
import { buildJobs } from './jobs';
import type { Job } from './core/jobs/job';
import { createScheduler } from './core/jobs/scheduler';
import { buildFeatures } from './features';
import type { HomeRefresher } from './features/home';
import { registerListeners } from './listeners';
import { requestScopeStep } from './core/slack/requestContext';
import { oncePerActionStep, REQUEST_TIMESTAMP_PROPERTY } from './core/slack/once';
import { workspaceGuardStep } from './core/slack/workspace';
import { InstalledWorkspace, learnInstalledWorkspace } from './core/workspace';
import { webClientOptions } from './core/slack/client';
import { toSlackLogger, type Logger } from './core/logger';

export interface CreateAppOptions {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  /** Jobs to schedule; defaults to every job. Tests pass [] to keep schedules out of the way. */
  jobs?: Job[];
}

export interface RunningApp {
  /** Port of the HTTP server (Bolt's receiver in HTTP mode, /healthz in both). */
  port: number;
}

export interface LeadCoachApp {
  bolt: App;
  deps: AppDeps;
  /** Re-publishes a user's App Home (what features call after a change; tests call it too). */
  refreshHome: HomeRefresher;
  start(): Promise<RunningApp>;
  stop(): Promise<void>;
}

/** The composition root: wires config, database, logger and clock into a Bolt app with listeners and jobs. */
export function createApp({ config, db, logger, clock, jobs = buildJobs() }: CreateAppOptions): LeadCoachApp {
  const workspace = new InstalledWorkspace();
  const deps = createAppDeps({ config, db, logger, clock, workspace });
  const boltLogger = toSlackLogger(logger, 'bolt');
  const clientOptions = webClientOptions(config, logger);
  const health = healthRoute(db, config.transport, clock, deps.health, workspace);

  let receiver: Receiver;
  let socketReceiver: SocketModeReceiver | undefined;
  if (config.transport === 'socket') {
    socketReceiver = new SocketModeReceiver({
      appToken: config.slackAppToken ?? '',
      logger: boltLogger,
      customRoutes: [health],
      installerOptions: { port: config.port, clientOptions },
    });
    receiver = socketReceiver;
  } else {
    receiver = new HTTPReceiver({
      signingSecret: config.slackSigningSecret ?? '',
      endpoints: '/slack/events',
      customRoutes: [health],
      logger: boltLogger,
      // The signed timestamp keys a request that carries no trigger_id (see core/slack/once.ts).
      customPropertiesExtractor: (req) => ({ [REQUEST_TIMESTAMP_PROPERTY]: req.headers['x-slack-request-timestamp'] }),
    });
  }

  const bolt = new App({
    token: config.slackBotToken,
    receiver,
    logger: boltLogger,
    clientOptions,
    extendedErrorHandler: true,
    deferInitialization: true,
    // lead-coach keeps no per-conversation state in Bolt; its default in-memory store costs every request.
    convoStore: false,
  });
  const { features, enrolment, refreshHome } = buildFeatures(deps);
  registerListeners(bolt, deps, features, { ...enrolment, requestKeys: deps.repos.requestKeys }, [
    requestScopeStep({ managers: deps.repos.managers, clock: deps.clock, logger: deps.logger }),
    workspaceGuardStep(workspace),
    oncePerActionStep(deps.repos.requestKeys),
  ]);
  const scheduler = createScheduler(jobs, { ...jobDeps(deps), client: bolt.client });

  let httpServer: Server | undefined;
  let stopped = false;

  return {
    bolt,
    deps,
    refreshHome,
    async start() {
      // Before any request or job: every repository reads and writes only this workspace's rows.
      // First, because it rides out a brief Slack outage; Bolt's init asks auth.test once more.
      await learnInstalledWorkspace(bolt.client, workspace, db, logger);
      await bolt.init();
      if (socketReceiver) {
        await bolt.start();
        httpServer = (socketReceiver as unknown as { httpServer?: Server }).httpServer;
        if (httpServer && !httpServer.listening) {
          await new Promise<void>((resolve) => httpServer?.once('listening', () => resolve()));
        }
      } else {
        httpServer = (await bolt.start(config.port));
      }
      scheduler.start();
      const port = (httpServer?.address() as AddressInfo | null)?.port ?? config.port;
      logger.info({ transport: config.transport, port }, 'lead-coach started');
      return { port };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await scheduler.stop();
      await scheduler.idle();
      const server = httpServer;
      const socketClosed = socketReceiver ? waitForSocketClose(socketReceiver, 2000) : Promise.resolve();
      const stopping = bolt.stop();
      // Let requests in flight finish, but do not wait for idle keep-alive sockets.
      server?.closeIdleConnections();
      const forceClose = setTimeout(() => server?.closeAllConnections(), 1500);
      try {
        await stopping;
        await socketClosed;
      } finally {
        clearTimeout(forceClose);
      }
      // After the last request has been answered: its question is written before the database closes.
      await deps.faqQuestions.flush();
      logger.info('lead-coach stopped');
    },
  };
}

/** Bolt's stop() only starts the WebSocket close handshake; wait for it (bounded) so shutdown is clean. */
function waitForSocketClose(receiver: SocketModeReceiver, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    receiver.client.once('disconnected', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
