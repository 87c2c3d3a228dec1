import type { Button, KnownBlock } from '@slack/types';

import { formatSource } from '../../core/content/coaching';
import type { FaqEntry, FaqTopic } from './content';
import { context, divider, escapeUserText, header, message, section, SLACK_LIMITS, truncate, type Message } from '../../core/blockKit';

export const FAQ_ACTIONS = {
  /** Opens an entry; related buttons add a suffix (_1, _2) because action ids must be unique in a block. */
  open: 'faq_open',
  browseTopic: 'faq_topic',
  helpful: 'faq_vote_helpful',
  notHelpful: 'faq_vote_not_helpful',
  share: 'faq_share',
} as const;

export const FAQ_EXAMPLE = '/lead faq how technical should I stay?';
export const NO_GUIDANCE_TEXT = "I don't have guidance on that yet";
const ASKED_PREVIEW_CHARS = 200;

/** What entry buttons carry: the entry id and, when it answers a question, that question's id (never its text). */
export interface EntryButtonValue {
  e: string;
  q?: number;
}

function entryValue(entryId: string, questionId: number | undefined): string {
  const value: EntryButtonValue = questionId === undefined ? { e: entryId } : { e: entryId, q: questionId };
  return JSON.stringify(value);
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(text, SLACK_LIMITS.buttonText), emoji: true },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

function askedLine(question: string): string {
  const oneLine = question.replace(/\s+/g, ' ').trim();
  return `You asked: _${escapeUserText(truncate(oneLine, ASKED_PREVIEW_CHARS))}_`;
}

function entryBlocks(entry: FaqEntry): KnownBlock[] {
  return [
    section(`*${escapeUserText(entry.title)}*\n${escapeUserText(entry.answer)}`),
    section(`*Next step:* ${escapeUserText(entry.nextStep)}`),
    context(formatSource(entry.source)),
  ];
}

function entryFallback(entry: FaqEntry): string {
  return `${entry.title} ${entry.answer} Next step: ${entry.nextStep} (Source: ${entry.source.title})`;
}

export interface AnswerOptions {
  /** The question this answers; absent when the entry was opened from a topic list. */
  question?: { id: number; text: string };
  related: FaqEntry[];
}

/** The private answer: the entry, related entries as buttons, votes (when there was a question) and sharing. */
export function faqAnswerMessage(entry: FaqEntry, options: AnswerOptions): Message {
  const questionId = options.question?.id;
  const blocks: KnownBlock[] = [];
  if (options.question) blocks.push(context(askedLine(options.question.text)));
  blocks.push(...entryBlocks(entry));
  const related = options.related.filter((r) => r.id !== entry.id).slice(0, 2);
  if (related.length > 0) {
    blocks.push(divider(), section('*Related questions*'));
    blocks.push({
      type: 'actions',
      block_id: 'faq_related',
      elements: related.map((r, i) => button(r.title, `${FAQ_ACTIONS.open}_${i + 1}`, entryValue(r.id, questionId))),
    });
  }
  const feedback: Button[] = [];
  if (questionId !== undefined) {
    feedback.push(
      button(':thumbsup: Helpful', FAQ_ACTIONS.helpful, entryValue(entry.id, questionId)),
      button(':thumbsdown: Not helpful', FAQ_ACTIONS.notHelpful, entryValue(entry.id, questionId)),
    );
  }
  feedback.push(button(':mega: Share in channel', FAQ_ACTIONS.share, entryValue(entry.id, questionId)));
  blocks.push({ type: 'actions', block_id: 'faq_feedback', elements: feedback });
  return message(entryFallback(entry), blocks);
}

/** The answer as posted for everyone in the channel, credited to the person who shared it. */
export function faqSharedMessage(entry: FaqEntry, sharedBy: string): Message {
  const credit = `Shared by <@${sharedBy}> from lead-coach \`/lead faq\``;
  return message(`<@${sharedBy}> shared: ${entryFallback(entry)}`, [...entryBlocks(entry), context(credit)]);
}

function topicBlocks(topics: readonly FaqTopic[]): KnownBlock[] {
  return topics.map((t) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(`*${escapeUserText(t.label)}*\n${escapeUserText(t.description)}`, SLACK_LIMITS.sectionText) },
    accessory: button('Browse', FAQ_ACTIONS.browseTopic, t.id),
  }));
}

/** `/lead faq` without a question: every topic, each with a button that lists its questions. */
export function faqTopicsMessage(topics: readonly FaqTopic[]): Message {
  const intro = `Ask anything about your new role, for example \`${FAQ_EXAMPLE}\`, or browse a topic:`;
  const blocks: KnownBlock[] = [header('Questions new managers ask'), section(intro), ...topicBlocks(topics)];
  const fallback = `Ask a question (${FAQ_EXAMPLE}) or browse a topic: ${topics.map((t) => t.label).join(', ')}`;
  return message(fallback, blocks.slice(0, SLACK_LIMITS.messageBlocks));
}

/** No confident answer: say so, show the topics, and tell the user the question was noted. */
export function faqNoMatchMessage(question: string, topics: readonly FaqTopic[]): Message {
  const lead = `:thinking_face: ${NO_GUIDANCE_TEXT}. I noted the question so the guidance can grow; meanwhile, one of these topics may help:`;
  const blocks: KnownBlock[] = [context(askedLine(question)), section(lead), ...topicBlocks(topics)];
  blocks.push(context(`Try other words, or ask with an example such as \`${FAQ_EXAMPLE}\``));
  const fallback = `${NO_GUIDANCE_TEXT}. Topics you can browse with /lead faq: ${topics.map((t) => t.label).join(', ')}`;
  return message(fallback, blocks.slice(0, SLACK_LIMITS.messageBlocks));
}

/** A topic's questions, each a button that opens its answer. */
export function faqTopicEntriesMessage(topic: FaqTopic, entries: readonly FaqEntry[]): Message {
  const room = SLACK_LIMITS.messageBlocks - 3;
  const shown = entries.slice(0, room);
  const blocks: KnownBlock[] = [header(topic.label), context(escapeUserText(topic.description))];
  for (const e of shown) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(escapeUserText(e.title), SLACK_LIMITS.sectionText) },
      accessory: button('Open', FAQ_ACTIONS.open, entryValue(e.id, undefined)),
    });
  }
  if (entries.length > shown.length) blocks.push(context(`${entries.length - shown.length} more not shown.`));
  const fallback = `${topic.label}: ${shown.map((e) => e.title).join(' · ')}`;
  return message(fallback, blocks);
}

export function faqVoteThanksMessage(helpful: boolean): Message {
  const text = helpful
    ? ':white_check_mark: Thanks, noted that this answer helped.'
    : ':memo: Thanks, noted that this answer did not help; it will be reviewed. You can ask again in other words or type `/lead faq` to browse the topics.';
  return message(text, [section(text)]);
}

/** A button whose entry, topic or question no longer exists (content changed since the message was sent). */
export function faqStaleButtonMessage(): Message {
  const text = `:warning: That button is out of date: the guidance it pointed to has changed. Ask again, for example \`${FAQ_EXAMPLE}\`, or type \`/lead faq\` to browse the topics.`;
  return message(text, [section(text)]);
}
