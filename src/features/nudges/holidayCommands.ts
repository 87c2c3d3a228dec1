import { adminRefusalMessage, checkAdmin } from '../../core/adminPolicy';
import { invalidInputMessage, plainMessage, quoteUserInput } from '../../core/blockKit';
import { formatDay, isValidLocalDate } from '../../core/dates/localDate';
import { HOLIDAY_EXAMPLE, parseHoliday } from './rules/parse';
import { todayOf } from './service';
import type { Subcommand, SubcommandContext } from '../../core/routers/subcommand';
import type { NudgeDeps } from './deps';

const LIST_EXAMPLE = '/lead holidays list';
const REMOVE_EXAMPLE = '/lead holidays remove 2026-12-25';

async function say(ctx: SubcommandContext<NudgeDeps>, text: string): Promise<void> {
  await ctx.respond({ response_type: 'ephemeral', ...plainMessage(text) });
}

/** Only admins change the workspace's holidays; everyone may list them. */
async function isAdmin(ctx: SubcommandContext<NudgeDeps>, action: string): Promise<boolean> {
  const check = await checkAdmin(ctx.deps.config, ctx.client, ctx.manager.userId, ctx.logger);
  if (check.admin) return true;
  await ctx.respond({ response_type: 'ephemeral', ...adminRefusalMessage(check.reason, action, `\`${LIST_EXAMPLE}\` shows the holidays.`) });
  return false;
}

async function list(ctx: SubcommandContext<NudgeDeps>): Promise<void> {
  const today = todayOf(ctx.manager, ctx.deps.clock.now());
  const coming = (await ctx.deps.repos.nudgeSettings.holidays()).filter((h) => h.date >= today);
  if (coming.length === 0) return say(ctx, `No workspace holidays ahead. An admin adds one with \`${HOLIDAY_EXAMPLE}\`.`);
  const lines = coming.map((h) => `• ${formatDay(h.date)} ${h.date.slice(0, 4)}: ${quoteUserInput(h.name, 100)}`);
  return say(ctx, `*Workspace holidays* (no nudges on these days):\n${lines.join('\n')}`);
}

/** `/lead holidays add|list|remove`: workspace holidays on which no nudge is sent. */
export function holidaysSubcommand(): Subcommand<NudgeDeps> {
  return {
    name: 'holidays',
    aliases: ['holiday'],
    summary: 'Workspace holidays: no nudges on these days (admins add and remove them)',
    example: HOLIDAY_EXAMPLE,
    async run(ctx) {
      const m = /^(\S*)\s*([\s\S]*)$/.exec(ctx.args.trim());
      const verb = (m?.[1] ?? '').toLowerCase();
      const rest = (m?.[2] ?? '').trim();
      if (verb === '' || verb === 'list') return list(ctx);
      const today = todayOf(ctx.manager, ctx.deps.clock.now());
      if (verb === 'add') {
        const parsed = parseHoliday(rest, today);
        if (!parsed.ok) {
          await ctx.respond({ response_type: 'ephemeral', ...invalidInputMessage(parsed.problem, HOLIDAY_EXAMPLE) });
          return;
        }
        if (!(await isAdmin(ctx, 'add workspace holidays'))) return;
        const added = await ctx.deps.repos.nudgeSettings.addHoliday({ ...parsed.value, addedBy: ctx.manager.userId, addedAt: ctx.deps.clock.now().toISOString() });
        ctx.logger.info({ date: parsed.value.date, added }, 'workspace holiday added');
        return say(
          ctx,
          added
            ? `:palm_tree: ${formatDay(parsed.value.date)} ${parsed.value.date.slice(0, 4)} is a workspace holiday (${quoteUserInput(parsed.value.name, 100)}): no nudges that day; weekly ones move to the next working day.`
            : `${parsed.value.date} is already a workspace holiday; nothing changed. \`${REMOVE_EXAMPLE}\` removes it.`,
        );
      }
      if (verb === 'remove' || verb === 'delete') {
        if (!isValidLocalDate(rest)) {
          await ctx.respond({ response_type: 'ephemeral', ...invalidInputMessage(`${quoteUserInput(rest || '(nothing)')} is not a date: write it as YYYY-MM-DD.`, REMOVE_EXAMPLE) });
          return;
        }
        if (!(await isAdmin(ctx, 'remove workspace holidays'))) return;
        const removed = await ctx.deps.repos.nudgeSettings.removeHoliday(rest);
        ctx.logger.info({ date: rest, removed }, 'workspace holiday removed');
        return say(ctx, removed ? `${rest} is no longer a workspace holiday; nudges come as usual that day.` : `${rest} was not a workspace holiday; nothing changed.`);
      }
      await ctx.respond({
        response_type: 'ephemeral',
        ...invalidInputMessage(`${quoteUserInput(verb)} is not a holidays command: use \`add\`, \`list\` or \`remove\`.`, HOLIDAY_EXAMPLE),
      });
    },
  };
}
