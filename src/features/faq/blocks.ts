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
  /** "Did you mean…?" candidates; suffixed (_1.._3) like related entries. */
  choose: 'faq_choose',
  sharePost: 'faq_share_post',
  shareCancel: 'faq_share_cancel',
} as const;

/** At most this many "Did you mean…?" candidates. */
export const MAX_CANDIDATES = 3;

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
    context(formatSource(entry.source, entry.alsoFrom)),
  ];
}

function entryFallback(entry: FaqEntry): string {
  const titles = [entry.source, ...entry.alsoFrom].map((s) => s.title).join('; ');
  return `${entry.title} ${entry.answer} Next step: ${entry.nextStep} (${entry.alsoFrom.length ? 'Sources' : 'Source'}: ${titles})`;
}

export interface AnswerOptions {
  /** The question this answers; absent when the entry was opened from a topic list. */
  question?: { id: number; text: string };
  related: FaqEntry[];
  /** The asker's current vote on this answer: the buttons show it, and a line says it was noted. */
  vote?: boolean;
}

function voteNote(helpful: boolean): string {
  return helpful
    ? ':white_check_mark: Thanks, noted that this answer helped. You can change your vote.'
    : ':memo: Thanks, noted that this did not help; it will be reviewed. Try other words, or `/lead faq` to browse the topics.';
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
    const { vote } = options;
    feedback.push(
      button(vote === true ? ':thumbsup: Helpful ✓' : ':thumbsup: Helpful', FAQ_ACTIONS.helpful, entryValue(entry.id, questionId), vote === true ? 'primary' : undefined),
      button(vote === false ? ':thumbsdown: Not helpful ✓' : ':thumbsdown: Not helpful', FAQ_ACTIONS.notHelpful, entryValue(entry.id, questionId), vote === false ? 'primary' : undefined),
    );
  }
  feedback.push(button(':mega: Share in channel', FAQ_ACTIONS.share, entryValue(entry.id, questionId)));
  blocks.push({ type: 'actions', block_id: 'faq_feedback', elements: feedback });
  if (options.vote !== undefined) blocks.push(context(voteNote(options.vote)));
  return message(entryFallback(entry), blocks);
}

/**
 * Close but not sure: one line saying so, and up to three candidate questions as buttons. The
 * choice opens that entry in place of this message and is stored with the question.
 */
export function faqDidYouMeanMessage(question: { id: number; text: string }, candidates: readonly FaqEntry[]): Message {
  const shown = candidates.slice(0, MAX_CANDIDATES);
  const lead = ":thinking_face: I'm not sure I have this one. Did you mean…?";
  const blocks: KnownBlock[] = [
    context(askedLine(question.text)),
    section(lead),
    // Each candidate in full (a button's label stops at 75 characters), with its own button.
    ...shown.map((e, i): KnownBlock => ({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`• ${escapeUserText(e.title)}`, SLACK_LIMITS.sectionText) },
      accessory: button('Open', `${FAQ_ACTIONS.choose}_${i + 1}`, entryValue(e.id, question.id)),
    })),
    context(`None of these? I noted the question so the guidance can grow. Try other words, or \`/lead faq\` to browse the topics.`),
  ];
  const fallback = `I'm not sure I have this one. Did you mean: ${shown.map((e) => e.title).join(' · ')}`;
  return message(fallback, blocks);
}

/**
 * What *Share in channel* shows first, only to the sharer: the post exactly as the channel will see
 * it (never with their question), and *Post it* / *Cancel*.
 */
export function faqSharePreviewMessage(entry: FaqEntry, sharedBy: string): Message {
  const shared = faqSharedMessage(entry, sharedBy);
  const value = entryValue(entry.id, undefined);
  const blocks: KnownBlock[] = [
    section(':eyes: *Preview:* this is what everyone in the channel will see. Your question is not included.'),
    divider(),
    ...shared.blocks,
    divider(),
    {
      type: 'actions',
      block_id: 'faq_share_confirm',
      elements: [button('Post it', FAQ_ACTIONS.sharePost, value, 'primary'), button('Cancel', FAQ_ACTIONS.shareCancel, value)],
    },
  ];
  return message(`Preview of the answer you are about to share: ${entry.title}`, blocks);
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


/** A button whose entry, topic or question no longer exists (content changed since the message was sent). */
export function faqStaleButtonMessage(): Message {
  const text = `:warning: That button is out of date: the guidance it pointed to has changed. Ask again, for example \`${FAQ_EXAMPLE}\`, or type \`/lead faq\` to browse the topics.`;
  return message(text, [section(text)]);
}

/** A direct message the bot cannot read as a question: too long, a file, or nothing but markup. */
export function faqDmRefusalMessage(reason: 'too_long' | 'file', maxChars: number): Message {
  const text =
    reason === 'too_long'
      ? `:straight_ruler: I can read questions up to ${maxChars.toLocaleString('en-US')} characters. Ask it shorter, for example "${FAQ_EXAMPLE.replace('/lead faq ', '')}"`
      : ":page_facing_up: I can't read files — ask in words, for example \"" + FAQ_EXAMPLE.replace('/lead faq ', '') + '"';
  return message(text, [section(text)]);
}
