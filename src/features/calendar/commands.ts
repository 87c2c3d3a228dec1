import { invalidInputMessage, plainMessage, quoteUserInput, type Message } from '../../core/blockKit';
import type { Subcommand, SubcommandContext } from '../../core/routers/subcommand';
import {
  CALENDAR_EXAMPLES,
  CALENDAR_OFF_TEXT,
  linkModal,
  linkedText,
  notLinkedText,
  rulesMessage,
} from './blocks';
import type { CalendarDeps } from './deps';
import { MAX_RULES } from './entities';
import { linkCalendar } from './link';
import { normaliseRulePhrase, parseRule } from './rules';

async function answer(ctx: SubcommandContext<CalendarDeps>, msg: Message): Promise<void> {
  await ctx.respond({ response_type: 'ephemeral', ...msg });
}

async function off(ctx: SubcommandContext<CalendarDeps>): Promise<void> {
  const removed = await ctx.deps.repos.calendars.removeLink(ctx.manager.userId);
  ctx.logger.info({ removed }, 'calendar unlinked');
  await answer(
    ctx,
    plainMessage(
      removed
        ? ':wastebasket: Unlinked your calendar: its address and everything read from it are deleted. Your time log and your own rules stay.'
        : `No calendar is linked, so there was nothing to remove. Link one with \`${CALENDAR_EXAMPLES.link}\`.`,
    ),
  );
}

async function addRule(ctx: SubcommandContext<CalendarDeps>, rest: string): Promise<void> {
  const removal = /^(remove|delete)\s+([\s\S]*)$/i.exec(rest.trim());
  if (removal) {
    const phrase = normaliseRulePhrase(removal[2] ?? '');
    if (!phrase) return answer(ctx, invalidInputMessage('Say which rule to remove.', CALENDAR_EXAMPLES.unrule));
    if (!(await ctx.deps.repos.calendars.removeRule(ctx.manager.userId, phrase))) {
      return answer(ctx, invalidInputMessage(`You have no rule for ${quoteUserInput(phrase, 60)}; \`${CALENDAR_EXAMPLES.rules}\` lists yours.`, CALENDAR_EXAMPLES.rules));
    }
    return answer(ctx, plainMessage(`:wastebasket: Removed your rule for "${phrase}". The next read of your calendar uses the rules as they are now.`));
  }
  const parsed = parseRule(rest);
  if (!parsed.ok) return answer(ctx, invalidInputMessage(parsed.problem, CALENDAR_EXAMPLES.rule));
  const { phrase, category } = parsed.value;
  const { calendars } = ctx.deps.repos;
  const rules = await calendars.rules(ctx.manager.userId);
  if (!rules.some((r) => r.phrase === phrase) && rules.length >= MAX_RULES) {
    return answer(ctx, invalidInputMessage(`You already have ${MAX_RULES} rules; remove one first.`, CALENDAR_EXAMPLES.unrule));
  }
  const { updated } = await calendars.saveRule(ctx.manager.userId, phrase, category, ctx.deps.clock.now());
  await answer(
    ctx,
    plainMessage(
      `:white_check_mark: ${updated ? 'Changed' : 'Added'} your rule: events with "${phrase}" in the title count as *${category}*, before the built-in rules. ` +
        `It applies from the next read of your calendar (within the hour). \`${CALENDAR_EXAMPLES.rules}\` shows them all.`,
    ),
  );
}

/** `/lead calendar <address>`: links straight from the command, answering in the channel, only to the manager. */
async function linkFromCommand(ctx: SubcommandContext<CalendarDeps>, address: string): Promise<void> {
  const result = await linkCalendar(ctx.deps, ctx.manager, address, ctx.logger);
  await answer(ctx, plainMessage(result.ok ? linkedText(result.value.hint, result.value.eventsThisWeek) : notLinkedText(result.problem)));
}

const OFF_WORDS: ReadonlySet<string> = new Set(['off', 'unlink', 'remove']);

/** `/lead calendar [off|rules|rule …|<address>]`. */
export function calendarSubcommand(): Subcommand<CalendarDeps> {
  return {
    name: 'calendar',
    mutating: true,
    aliases: ['cal', 'ical'],
    summary: 'Link your calendar (its secret iCal address) to prefill your time log, find your 1:1s and check no-code blocks',
    example: CALENDAR_EXAMPLES.link,
    async run(ctx) {
      const match = /^(\S+)\s*([\s\S]*)$/.exec(ctx.args.trim());
      const action = (match?.[1] ?? '').toLowerCase();
      const rest = match?.[2] ?? '';
      // Without the key nothing can be linked, but rules can still be read and a stored link removed.
      if (!ctx.deps.config.secretKey && action !== 'rules' && !OFF_WORDS.has(action)) return answer(ctx, plainMessage(CALENDAR_OFF_TEXT));
      switch (action) {
        case '': {
          const link = await ctx.deps.repos.calendars.link(ctx.manager.userId);
          await ctx.client.views.open({ trigger_id: ctx.command.trigger_id, view: linkModal(link) });
          return;
        }
        case 'off':
        case 'unlink':
        case 'remove':
          return off(ctx);
        case 'rules':
          return answer(ctx, rulesMessage(await ctx.deps.repos.calendars.rules(ctx.manager.userId), await ctx.deps.repos.calendars.link(ctx.manager.userId)));
        case 'rule':
          return addRule(ctx, rest);
        default:
          if (/^(https?|webcals?):\/\//i.test(action) || /^<(https?|webcals?):\/\//i.test(action)) return linkFromCommand(ctx, ctx.args.trim());
          return answer(
            ctx,
            invalidInputMessage(
              `${quoteUserInput(action, 20)} is not a calendar command: use \`/lead calendar\` (link), \`off\`, \`rules\` or \`rule "words" category\`.`,
              CALENDAR_EXAMPLES.rule,
            ),
          );
      }
    },
  };
}
