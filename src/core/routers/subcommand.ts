import type { RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

import type { Manager } from '../manager';
import type { Logger } from '../logger';

/**
 * Everything a `/lead <name>` handler gets. The router has already acknowledged the command.
 * `deps` is the owning feature's own dependencies, bound by the composition root (`withDeps`).
 */
export interface SubcommandContext<D> {
  /** The text after the subcommand name, trimmed. */
  args: string;
  command: SlashCommand;
  manager: Manager;
  respond: RespondFn;
  client: WebClient;
  logger: Logger;
  deps: D;
}

export interface Subcommand<D> {
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
  /** Also answers a whole `/lead …` text that names no subcommand, when this says it fits (the FAQ takes questions). */
  takesUnmatchedText?(text: string, subcommandNames: readonly string[]): boolean;
  run(ctx: SubcommandContext<D>): Promise<void>;
}

/** A subcommand with its feature's dependencies bound: what the router and help see. */
export interface RoutedSubcommand extends Omit<Subcommand<never>, 'run'> {
  run(ctx: Omit<SubcommandContext<never>, 'deps'>): Promise<void>;
}

/** Binds a feature's dependencies to its subcommands, so the router hands each only what its feature was given. */
export function withDeps<D>(deps: D, subcommands: ReadonlyArray<Subcommand<D>>): RoutedSubcommand[] {
  return subcommands.map((s) => ({ ...s, run: (ctx) => s.run({ ...ctx, deps }) }));
}
