import type { BlockAction, ButtonAction } from '@slack/bolt';
import { z } from '../../core/zod';

import { message, section } from '../../core/blockKit';
import type { ActionRoutes } from '../../core/routers/actions';
import { requestScope } from '../../core/slack/requestContext';
import { ENROLMENT_ACTIONS, invitationDeclinedMessage, startAnswerMessage, stopAnswerMessage, type ButtonSource } from './blocks';
import { startCoaching } from './consent';
import type { EnrolmentDeps } from './deps';

const ButtonValue = z.object({ home: z.boolean().optional(), from: z.enum(['offer', 'invite']).optional() });

/** Where the pressed button was shown, from its value (and the container, for the App Home). */
function sourceOf(body: BlockAction<ButtonAction>, value: string | undefined): ButtonSource {
  let parsed: z.infer<typeof ButtonValue> = {};
  try {
    parsed = ButtonValue.catch({}).parse(JSON.parse(value ?? '{}'));
  } catch {
    parsed = {};
  }
  if (parsed.home === true || body.container?.type === 'view') return 'home';
  return parsed.from ?? 'settings';
}

/** Start coaching (App Home, first-answer offer, invitation, nudge settings), Stop coaching, No thanks. */
export function registerEnrolmentActions(app: ActionRoutes, deps: EnrolmentDeps): void {
  app.action<BlockAction<ButtonAction>>(ENROLMENT_ACTIONS.startCoaching, async ({ ack, body, action, respond, client, context }) => {
    await ack();
    const scope = requestScope(context);
    const userId = body.user.id;
    const outcome = await startCoaching(deps, client, scope.logger, { userId, ...(scope.stored ? { stored: scope.stored } : {}) });
    const from = sourceOf(body, action.value);
    if (from === 'home') {
      await deps.refreshHome(client, userId);
      return;
    }
    // The offer, the invitation and the settings message are replaced by the answer: no second press.
    await respond({ replace_original: true, ...startAnswerMessage(outcome) });
  });

  app.action<BlockAction<ButtonAction>>(ENROLMENT_ACTIONS.stopCoaching, async ({ ack, body, action, respond, client, context }) => {
    await ack();
    const { logger } = requestScope(context);
    const userId = body.user.id;
    const stopped = await deps.repos.managers.stopCoaching(userId);
    logger.info({ stopped }, 'stop coaching');
    if (sourceOf(body, action.value) === 'home') {
      await deps.refreshHome(client, userId);
      return;
    }
    await respond({ replace_original: true, ...stopAnswerMessage(stopped) });
  });

  app.action<BlockAction<ButtonAction>>(ENROLMENT_ACTIONS.declineInvitation, async ({ ack, body, respond, context }) => {
    await ack();
    const { logger, manager } = requestScope(context);
    const userId = body.user.id;
    if (manager?.coachingStartedAt) {
      const text = ':bell: You are already coaching, so nothing changed. `/lead stop` turns all nudges off.';
      await respond({ replace_original: true, ...message(text, [section(text)]) });
      return;
    }
    const recorded = await deps.repos.invitations.answer(userId, 'declined', deps.clock.now());
    logger.info({ recorded }, 'invitation declined');
    await respond({ replace_original: true, ...invitationDeclinedMessage() });
  });
}
