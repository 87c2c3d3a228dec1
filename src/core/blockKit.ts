import type { KnownBlock } from '@slack/types';

/** Slack's limits for messages and views. */
export const SLACK_LIMITS = {
  sectionText: 3000,
  messageBlocks: 50,
  viewBlocks: 100,
  buttonText: 75,
  contextElements: 10,
} as const;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Escapes text typed by a user so it cannot ping (@channel, <!here>) or inject links. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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

/** A short message that is only text (errors, confirmations). */
export function plainMessage(text: string): Message {
  return message(text, [section(text)]);
}
