import { oneOnOneListMessage } from '../nudges';
import { invalidInputMessage, plainMessage, quoteUserInput } from '../../core/blockKit';
import { MAX_AGENDA_ITEM_LENGTH, MAX_ONE_ON_ONES } from './entities';
import { parseMention, parseOneOnOneAdd, ONE_ON_ONE_ADD_EXAMPLE } from '../nudges';
import { firstMeetingDate, nextMeeting } from '../nudges';
import { formatDay, weekdayName } from '../../core/dates/localDate';
import type { Subcommand, SubcommandContext } from '../../core/routers/subcommand';
import type { OneOnOneDeps } from './deps';

const EXAMPLES = {
  add: ONE_ON_ONE_ADD_EXAMPLE,
  remove: '/lead 1on1 remove @alex',
  note: '/lead 1on1 note @alex ask about the on-call rotation',
  list: '/lead 1on1 list',
};

async function answer(ctx: SubcommandContext<OneOnOneDeps>, msg: ReturnType<typeof plainMessage>): Promise<void> {
  await ctx.respond({ response_type: 'ephemeral', ...msg });
}

async function add(ctx: SubcommandContext<OneOnOneDeps>, rest: string): Promise<void> {
  const { deps, manager } = ctx;
  const parsed = parseOneOnOneAdd(rest);
  if (!parsed.ok) return answer(ctx, invalidInputMessage(parsed.problem, EXAMPLES.add));
  const input = parsed.value;
  if (input.reportUserId === manager.userId) {
    return answer(ctx, invalidInputMessage('A 1:1 needs someone other than you; mention your report.', EXAMPLES.add));
  }
  const exists = await deps.repos.oneOnOnes.get(manager.userId, input.reportUserId);
  if (!exists && await deps.repos.oneOnOnes.count(manager.userId) >= MAX_ONE_ON_ONES) {
    return answer(ctx, invalidInputMessage(`You already have ${MAX_ONE_ON_ONES} 1:1s registered; remove one first with \`${EXAMPLES.remove}\`.`, EXAMPLES.remove));
  }
  const now = deps.clock.now();
  const anchorDate = firstMeetingDate(input.weekday, input.time, now, manager.timeZone);
  const { oneOnOne, updated } = await deps.repos.oneOnOnes.save({
    managerId: manager.userId,
    reportUserId: input.reportUserId,
    weekday: input.weekday,
    time: input.time,
    cadence: input.cadence,
    anchorDate,
    createdAt: now.toISOString(),
  });
  ctx.logger.info({ oneOnOneId: oneOnOne.id, updated }, '1:1 saved');
  const verb = updated ? 'Updated' : 'Added';
  await answer(
    ctx,
    plainMessage(
      `:white_check_mark: ${verb} your ${input.cadence} 1:1 with <@${input.reportUserId}>: ${weekdayName(input.weekday, 'long')}s at ${input.time} (${manager.timeZone}), ` +
        `first on ${formatDay(anchorDate)}. A prep nudge with your open agenda items comes 60 minutes before each one.`,
    ),
  );
}

async function list(ctx: SubcommandContext<OneOnOneDeps>): Promise<void> {
  const { deps, manager } = ctx;
  const now = deps.clock.now();
  const items = await Promise.all(
    (await deps.repos.oneOnOnes.list(manager.userId)).map(async (o) => ({
      o,
      next: nextMeeting(o, now, manager.timeZone).at,
      open: await deps.repos.oneOnOnes.openItems(o.id),
    })),
  );
  await answer(ctx, oneOnOneListMessage(items, manager.timeZone));
}

async function remove(ctx: SubcommandContext<OneOnOneDeps>, rest: string): Promise<void> {
  const words = rest.split(/\s+/).filter(Boolean);
  const person = parseMention(words[0], EXAMPLES.remove);
  if (!person.ok) return answer(ctx, invalidInputMessage(person.problem, EXAMPLES.remove));
  if (words.length > 1) return answer(ctx, invalidInputMessage('Only mention the person whose 1:1 to remove.', EXAMPLES.remove));
  if (!await ctx.deps.repos.oneOnOnes.remove(ctx.manager.userId, person.value)) {
    return answer(ctx, invalidInputMessage(`You have no 1:1 registered with <@${person.value}>; \`${EXAMPLES.list}\` shows yours.`, EXAMPLES.list));
  }
  await answer(ctx, plainMessage(`:wastebasket: Removed your 1:1 with <@${person.value}> and its agenda. No more prep nudges for it.`));
}

async function note(ctx: SubcommandContext<OneOnOneDeps>, rest: string): Promise<void> {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(rest.trim());
  const person = parseMention(match?.[1], EXAMPLES.note);
  if (!person.ok) return answer(ctx, invalidInputMessage(person.problem, EXAMPLES.note));
  const text = (match?.[2] ?? '').trim();
  if (!text) return answer(ctx, invalidInputMessage('Add the agenda item after the person.', EXAMPLES.note));
  if (text.length > MAX_AGENDA_ITEM_LENGTH) {
    return answer(ctx, invalidInputMessage(`That item is ${text.length} characters; keep it under ${MAX_AGENDA_ITEM_LENGTH}.`, EXAMPLES.note));
  }
  const o = await ctx.deps.repos.oneOnOnes.get(ctx.manager.userId, person.value);
  if (!o) {
    return answer(
      ctx,
      invalidInputMessage(`You have no 1:1 registered with <@${person.value}>; add it first with \`${EXAMPLES.add}\`.`, EXAMPLES.add),
    );
  }
  await ctx.deps.repos.oneOnOnes.addAgendaItem(o.id, ctx.manager.userId, text, ctx.deps.clock.now());
  const open = (await ctx.deps.repos.oneOnOnes.openItems(o.id)).length;
  const next = nextMeeting(o, ctx.deps.clock.now(), ctx.manager.timeZone);
  await answer(
    ctx,
    plainMessage(
      `:memo: Added to the agenda for your 1:1 with <@${person.value}> (next on ${formatDay(next.date)} at ${o.time}). ${open} open item${open === 1 ? '' : 's'}; they show in the prep nudge.`,
    ),
  );
}

/** `/lead 1on1 add|list|remove|note`. */
export function oneOnOneSubcommand(): Subcommand<OneOnOneDeps> {
  return {
    name: '1on1',
    mutating: true,
    aliases: ['1:1', 'oneonone', '1-on-1'],
    summary: 'Register your 1:1s for a prep nudge 60 minutes before each; keep an agenda that carries over',
    example: EXAMPLES.add,
    async run(ctx) {
      const match = /^(\S+)\s*([\s\S]*)$/.exec(ctx.args.trim());
      const action = (match?.[1] ?? '').toLowerCase();
      const rest = match?.[2] ?? '';
      switch (action) {
        case 'add':
          return add(ctx, rest);
        case 'list':
        case '':
          return list(ctx);
        case 'remove':
        case 'delete':
          return remove(ctx, rest);
        case 'note':
          return note(ctx, rest);
        default:
          return answer(
            ctx,
            invalidInputMessage(
              `${quoteUserInput(action, 20)} is not a 1:1 command: use \`add\`, \`list\`, \`remove\` or \`note\`.`,
              EXAMPLES.add,
            ),
          );
      }
    },
  };
}
