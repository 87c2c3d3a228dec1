import type { AckFn, App, RespondArguments, RespondFn } from '@slack/bolt';

import { unknownSubcommandMessage } from './helpBlocks';
import type { AppDeps } from '../../deps';
import { closestMatch } from '../closest';
import { ensureRequestManager, needsSlackProfile } from '../../features/enrolment/service';
import { enrollSubcommand } from '../../features/enrolment/commands';
import { faqSubcommands } from '../../features/faq/commands';
import { helpSubcommand } from './help';
import { hoursSubcommand, nudgesSubcommand, timezoneSubcommand } from '../../features/nudges/commands';
import { holidaysSubcommand } from '../../features/nudges/holidayCommands';
import { oneOnOneSubcommand } from '../../features/oneOnOnes/commands';
import { pauseSubcommand, resumeSubcommand } from '../../features/nudges/pauseCommands';
import { shareSubcommand } from '../../features/summaries/shareCommand';
import { requestScope } from '../slack/requestContext';
import type { Subcommand } from './subcommand';
import { summarySubcommand } from '../../features/summaries/commands';
import { timeLogSubcommands } from '../../features/timelog/commands';

/**
 * Every `/lead` subcommand, in the order help lists them. A feature adds its
 * subcommands here; the router, help and "did you mean" pick them up.
 */
export function buildSubcommands(): Subcommand[] {
  const all: Subcommand[] = [];
  all.push(helpSubcommand(() => all));
  all.push(...faqSubcommands());
  all.push(...timeLogSubcommands());
  all.push(summarySubcommand(), shareSubcommand());
  all.push(nudgesSubcommand(), oneOnOneSubcommand(), pauseSubcommand(), resumeSubcommand(), hoursSubcommand(), timezoneSubcommand(), enrollSubcommand());
  all.push(holidaysSubcommand());
  return all;
}

export function splitSubcommand(text: string): { name: string; args: string } {
  const trimmed = text.trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (!match) return { name: '', args: '' };
  return { name: (match[1] ?? '').toLowerCase(), args: (match[2] ?? '').trim() };
}

export function findSubcommand(subcommands: readonly Subcommand[], name: string): Subcommand | undefined {
  return subcommands.find((s) => s.name === name || s.aliases?.includes(name));
}

export function registerCommands(app: App, deps: AppDeps): void {
  const subcommands = buildSubcommands();
  const visibleNames = subcommands.filter((s) => !s.hidden).map((s) => s.name);

  app.command('/lead', async ({ ack, command, respond, client, context }) => {
    const { name, args } = splitSubcommand(command.text);
    const subcommand = findSubcommand(subcommands, name || 'help');
    const scope = requestScope(context);
    const logger = scope.logger.child({ subcommand: name || 'help' });
    // The record the request scope read is the one read: enrolled with a fresh time zone means
    // everything needed is in the database, so the answer travels in the acknowledgement.
    const known = scope.manager && !needsSlackProfile(scope.manager, scope.now) ? scope.manager : undefined;
    if ((!subcommand || subcommand.answersFromDatabase) && known) {
      const reply = answerInAck(ack, respond);
      try {
        if (!subcommand) {
          logger.info('unknown subcommand');
          await reply.respond({ response_type: 'ephemeral', ...unknownSubcommandMessage(name, closestMatch(name, visibleNames)) });
          return;
        }
        await subcommand.run({ args, command, manager: known, respond: reply.respond, client, logger, deps });
      } finally {
        await reply.ackIfNotYet();
      }
      return;
    }

    await ack();
    const { manager } = await ensureRequestManager(deps, client, scope, command.user_id, command.team_id);
    if (!subcommand) {
      logger.info('unknown subcommand');
      await respond({ response_type: 'ephemeral', ...unknownSubcommandMessage(name, closestMatch(name, visibleNames)) });
      return;
    }
    await subcommand.run({ args, command, manager, respond, client, logger, deps });
  });
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
