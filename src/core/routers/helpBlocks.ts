import type { KnownBlock } from '@slack/types';

import { context, divider, header, message, quoteUserInput, section, type Message } from '../blockKit';

export interface HelpEntry {
  name: string;
  summary: string;
  example: string;
}

const INTRO =
  'lead-coach helps you make the switch from engineer to engineering manager: it reminds you of the habits ' +
  'that matter (no-code time, 1:1 preparation, 20% for system improvement), shows where your week really went, ' +
  'and answers questions with guidance drawn from five articles on the transition.';

export function helpMessage(entries: HelpEntry[]): Message {
  const lines = entries.map((e) => `*${e.name}* · ${e.summary}\n\`${e.example}\``);
  const blocks: KnownBlock[] = [header('lead-coach'), section(INTRO), divider()];
  // Several subcommands per section keeps long help inside the 50-block message limit.
  for (let i = 0; i < lines.length; i += 6) blocks.push(section(lines.slice(i, i + 6).join('\n\n')));
  blocks.push(context('Everything here is private to you unless you choose to share it. Type `/lead help` any time.'));
  const fallback = `lead-coach commands: ${entries.map((e) => `/lead ${e.name}`).join(', ')}`;
  return message(fallback, blocks);
}

export function unknownSubcommandMessage(typed: string, suggestion: string | undefined): Message {
  const hint = suggestion ? ` Did you mean \`/lead ${suggestion}\`?` : '';
  const text = `Unknown command ${quoteUserInput(typed)}.${hint} Type \`/lead help\` to see everything lead-coach can do.`;
  return message(text, [section(`:thinking_face: ${text}`)]);
}

export const SOMETHING_FAILED_TEXT =
  ':warning: Sorry, something went wrong on our side and nothing was changed. Please try again in a minute; if it keeps happening, tell your Slack admin.';
