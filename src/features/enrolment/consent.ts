import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import { createDeliveryClient, createDeliveryService } from '../../core/delivery/delivery';
import type { Logger } from '../../core/logger';
import { settingsViewFor } from '../nudges';
import { coachingOfferMessage, welcomeMessage, type StartOutcome } from './blocks';
import type { Manager } from './entities';
import { ensureManager } from './service';
import type { EnrolmentDeps } from './deps';

/** `/lead` subcommands after which Start coaching is not offered: they are the choice itself, or a goodbye. */
export const NO_COACHING_OFFER: ReadonlySet<string> = new Set(['start', 'stop', 'forget-me']);

/** True when this manager should see the Start coaching offer (new, never offered, not coaching). */
export function awaitsCoachingOffer(manager: Pick<Manager, 'coachingStartedAt' | 'coachingOfferedAt'>): boolean {
  return manager.coachingStartedAt === null && manager.coachingOfferedAt === null;
}

/**
 * The `/lead` router calls this before running a command: true (once per user, replays included)
 * when the answer should be followed by the coaching offer. Marked before the answer goes out, so
 * what the user then sees and what is stored agree.
 */
export async function claimCoachingOffer(deps: Pick<EnrolmentDeps, 'repos' | 'clock'>, manager: Manager, subcommand: string): Promise<boolean> {
  if (!awaitsCoachingOffer(manager) || NO_COACHING_OFFER.has(subcommand)) return false;
  return deps.repos.managers.markCoachingOffered(manager.userId, deps.clock.now());
}

/** The offer itself: what coaching sends, and a Start coaching button, as one more ephemeral message. */
export async function sendCoachingOffer(respond: RespondFn): Promise<void> {
  await respond({ response_type: 'ephemeral', ...coachingOfferMessage() });
}

export function welcomeKey(userId: string): string {
  return `welcome:${userId}`;
}

/**
 * Starts coaching for a user (the one explicit choice that turns nudges on): records it, answers an
 * invitation if there was one, and sends the welcome DM once ever (delivery key `welcome:<user>`).
 * A double click or a replayed request finds coaching already on and sends nothing.
 */
export async function startCoaching(
  deps: EnrolmentDeps,
  client: WebClient,
  logger: Logger,
  user: { userId: string; stored?: { manager: Manager | undefined } },
): Promise<StartOutcome> {
  const { userId } = user;
  // Creates the record (zone from Slack) for someone who never used /lead, e.g. an invitee.
  await ensureManager({ managers: deps.repos.managers, transactor: deps.transactor, client, clock: deps.clock, logger }, userId, user.stored);
  const now = deps.clock.now();
  const { started, manager } = await deps.transactor.transaction(async () => {
    const changed = await deps.repos.managers.startCoaching(userId, now);
    if (changed) await deps.repos.invitations.answer(userId, 'started', now);
    return { started: changed, manager: await deps.repos.managers.get(userId) };
  });
  if (!started || !manager) {
    logger.info('start coaching: already coaching');
    return { kind: 'already' };
  }
  const welcome = welcomeMessage(await settingsViewFor(deps, manager, now));
  const delivery = createDeliveryService({ client: createDeliveryClient(deps.config, logger), repos: deps.repos, logger, clock: deps.clock });
  const [result] = await delivery.deliver([
    { key: welcomeKey(userId), kind: 'welcome', userId, channel: userId, text: welcome.text, blocks: welcome.blocks, dueAt: now },
  ]);
  logger.info({ welcome: result?.status, error: result?.error }, 'coaching started');
  if (result?.status === 'sent') return { kind: 'started', welcome: 'sent' };
  if (result?.status === 'duplicate') return { kind: 'started', welcome: 'sent-before' };
  return { kind: 'started', welcome: 'failed', ...(result?.error ? { error: result.error } : {}) };
}
