import type { KnownBlock, ModalView } from '@slack/types';

/** Slack's limits for messages and views. */
export const SLACK_LIMITS = {
  sectionText: 3000,
  messageBlocks: 50,
  viewBlocks: 100,
  buttonText: 75,
  contextElements: 10,
  modalTitle: 24,
} as const;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The one escaping rule for text a user typed, in mrkdwn and plain_text alike: `&`, `<` and `>`
 * become entities, so `<!channel>` or `<@U123>` echoed back never pings anyone or becomes a link.
 */
export function escapeUserText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** What the user typed, quoted back in a refusal: one line, at most `max` characters, escaped, in code marks. */
export function quoteUserInput(input: string, max = 40): string {
  return `\`${escapeUserText(truncate(input.replace(/\s+/g, ' ').trim(), max)).replace(/`/g, "'")}\``;
}

export function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) } };
}

export function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, 150), emoji: true } };
}

export function context(...texts: string[]): KnownBlock {
  return {
    type: 'context',
    elements: texts.slice(0, SLACK_LIMITS.contextElements).map((t) => ({ type: 'mrkdwn', text: truncate(t, 3000) })),
  };
}

export function divider(): KnownBlock {
  return { type: 'divider' };
}

/** An ephemeral or in-channel message: blocks plus the plain-text fallback Slack shows in notifications. */
export interface Message {
  text: string;
  blocks: KnownBlock[];
}

export function message(text: string, blocks: KnownBlock[]): Message {
  return { text: truncate(text, 3000), blocks: blocks.slice(0, SLACK_LIMITS.messageBlocks) };
}

/** Every refusal of bad input: what is wrong, that nothing changed, and a correct example. */
export function invalidInputMessage(problem: string, example: string): Message {
  const outcome = `Nothing was changed. Example: \`${example}\``;
  return message(`${problem} ${outcome}`, [section(`:warning: ${problem}`), context(outcome)]);
}

/** A short message that is only text (errors, confirmations). */
export function plainMessage(text: string): Message {
  return message(text, [section(text)]);
}

export interface ModalSpec {
  callbackId: string;
  title: string;
  blocks: KnownBlock[];
  /** The close button's label. */
  close: string;
  /** The submit button's label; a view without one only shows something. */
  submit?: string;
  privateMetadata?: string;
}

/** A modal view; the title and the buttons' labels are cut to Slack's 24 characters. */
export function modal(spec: ModalSpec): ModalView {
  const label = (text: string) => ({ type: 'plain_text' as const, text: truncate(text, SLACK_LIMITS.modalTitle) });
  return {
    type: 'modal',
    callback_id: spec.callbackId,
    ...(spec.privateMetadata === undefined ? {} : { private_metadata: spec.privateMetadata }),
    title: label(spec.title),
    ...(spec.submit === undefined ? {} : { submit: label(spec.submit) }),
    close: label(spec.close),
    blocks: spec.blocks,
  };
}
