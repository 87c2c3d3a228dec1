import type { AckFn, AllMiddlewareArgs, RespondArguments, RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import { unknownSubcommandMessage } from './helpBlocks';
import { closestMatch } from '../closest';
import { helpSubcommand } from './help';
import type { Manager } from '../manager';
import { requestScope, type RequestScope } from '../slack/requestContext';
import type { RoutedSubcommand } from './subcommand';
import { oncePerRequest, type RequestKeys } from '../slack/once';

/** What the `/lead` router is given by the composition root: it imports no feature itself. */
export interface CommandRouterDeps {
  /** Every feature's subcommands, in the order help lists them; the router adds `help` first. */
  subcommands: readonly RoutedSubcommand[];
  /** True when the stored record can answer as it is (enrolled, time zone fresh): the answer may then travel in the ack. */
  isCurrent(manager: Manager, now: Date): boolean;
  /** After the ack: the user's manager record, enrolled or refreshed as the enrolment feature decides. */
  resolveManager(client: WebClient, scope: RequestScope, userId: string): Promise<Manager>;
  /** Request keys already acted on: a replayed mutating command is only acknowledged. */
  requestKeys: RequestKeys;
  /**
   * Claims the one follow-up a user gets after an answer (the enrolment feature offers Start coaching
   * once to someone new); true when it is theirs to send now.
   */
  claimFollowUp(manager: Manager, subcommand: string): Promise<boolean>;
  sendFollowUp(respond: RespondFn): Promise<void>;
}

export function splitSubcommand(text: string): { name: string; args: string } {
  const trimmed = text.trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (!match) return { name: '', args: '' };
  return { name: (match[1] ?? '').toLowerCase(), args: (match[2] ?? '').trim() };
}

export function findSubcommand(subcommands: readonly RoutedSubcommand[], name: string): RoutedSubcommand | undefined {
  return subcommands.find((s) => s.name === name || s.aliases?.includes(name));
}

/** The one slash command lead-coach registers (manifest.yml). */
export const LEAD_COMMAND = '/lead';

export type CommandHandler = (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => Promise<void>;

/** The `/lead` router: the dispatcher (./dispatch.ts) hands it every `/lead` request. */
export function createCommandRouter(deps: CommandRouterDeps): CommandHandler {
  const subcommands: RoutedSubcommand[] = [];
  subcommands.push(helpSubcommand(() => subcommands), ...deps.subcommands);
  const visibleNames = subcommands.filter((s) => !s.hidden).map((s) => s.name);

  return async ({ ack, command, respond, client, context }) => {
    const split = splitSubcommand(command.text);
    const named = findSubcommand(subcommands, split.name || 'help');
    // No subcommand, but a text a subcommand takes whole (the FAQ: `/lead how do I run a good 1:1?`).
    const asked = named ? undefined : subcommands.find((s) => s.takesUnmatchedText?.(command.text, visibleNames));
    const subcommand = named ?? asked;
    const name = asked ? asked.name : split.name;
    const args = asked ? command.text.trim() : split.args;
    const scope = requestScope(context);
    // The scope's logger is this request's own, so it takes the binding in place: a second child per request costs more.
    scope.logger.setBindings({ subcommand: name || 'help' });
    const { logger } = scope;
    if (subcommand?.mutating && !(await oncePerRequest(deps.requestKeys, command, context, scope.now))) {
      logger.warn('replayed command ignored: it was acted on once already');
      await ack();
      return;
    }
    // The record the request scope read is the one read: enrolled with a fresh time zone means
    // everything needed is in the database, so the answer travels in the acknowledgement.
    const known = scope.manager && deps.isCurrent(scope.manager, scope.now) ? scope.manager : undefined;
    if ((!subcommand || subcommand.answersFromDatabase) && known) {
      const reply = answerInAck(ack, respond);
      try {
        if (!subcommand) {
          logger.info('unknown subcommand');
          await reply.respond({ response_type: 'ephemeral', ...unknownSubcommandMessage(name, closestMatch(name, visibleNames)) });
          return;
        }
        const followUp = await deps.claimFollowUp(known, subcommand.name);
        await subcommand.run({ args, command, manager: known, respond: reply.respond, client, logger });
        if (followUp) await deps.sendFollowUp(reply.respond);
      } finally {
        await reply.ackIfNotYet();
      }
      return;
    }

    await ack();
    const manager = await deps.resolveManager(client, scope, command.user_id);
    // The first answer to someone new is followed by the coaching offer (once).
    const followUp = await deps.claimFollowUp(manager, subcommand?.name ?? '');
    if (!subcommand) {
      logger.info('unknown subcommand');
      await respond({ response_type: 'ephemeral', ...unknownSubcommandMessage(name, closestMatch(name, visibleNames)) });
    } else {
      await subcommand.run({ args, command, manager, respond, client, logger });
    }
    if (followUp) await deps.sendFollowUp(respond);
  };
}

/**
 * A respond() whose first message becomes the acknowledgement's body; later ones go to
 * response_url as usual. `ackIfNotYet` acknowledges empty when nothing was said (or on error,
 * so the error handler's message reaches the user through response_url).
 */
function answerInAck(ack: AckFn<string | RespondArguments>, respond: RespondFn) {
  let acked = false;
  return {
    respond: (async (message: string | RespondArguments) => {
      if (acked) return respond(message);
      acked = true;
      await ack(typeof message === 'string' ? { text: message } : message);
    }) as RespondFn,
    async ackIfNotYet(): Promise<void> {
      if (acked) return;
      acked = true;
      await ack();
    },
  };
}
