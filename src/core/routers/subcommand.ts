import type { RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import type { Manager } from '../../features/enrolment/entities';
import type { AppDeps } from '../../deps';
import type { Logger } from '../logger';

/** Everything a `/lead <name>` handler gets. The router has already acknowledged the command. */
export interface SubcommandContext {
  /** The text after the subcommand name, trimmed. */
  args: string;
  command: SlashCommand;
  manager: Manager;
  respond: RespondFn;
  client: WebClient;
  logger: Logger;
  deps: AppDeps;
}

export interface Subcommand {
  name: string;
  /** Other words that run it (not shown in help). */
  aliases?: string[];
  /** One line for the help overview. */
  summary: string;
  /** A complete example as the user would type it, e.g. `/lead log coding 90m`. */
  example: string;
  /** Hidden subcommands (confirmations, internals) are not listed in help. */
  hidden?: boolean;
  /**
   * True when `run` only reads and writes the database and responds once, with no Slack
   * API call: its answer can then travel in the acknowledgement itself.
   */
  answersFromDatabase?: boolean;
  /**
   * True when running it changes what is stored: a replayed request (same trigger_id) is then
   * only acknowledged, so its effect happens once (core/slack/once.ts).
   */
  mutating?: boolean;
  run(ctx: SubcommandContext): Promise<void>;
}
