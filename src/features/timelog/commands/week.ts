import { invalidInputMessage, quoteUserInput } from '../../../core/blockKit';
import { weekSummaryMessage } from '../weekBlocks';
import { weekSummary } from '../service';
import type { Subcommand } from '../../../core/routers/subcommand';
import type { TimeLogDeps } from '../deps';

/** `/lead week` and `/lead week last`: the split against targets, with one line of coaching. */
export function weekSubcommand(): Subcommand<TimeLogDeps> {
  return {
    name: 'week',
    answersFromDatabase: true,
    summary: 'How your week splits across categories, against your targets (add `last` for last week)',
    example: '/lead week last',
    async run({ args, manager, respond, deps }) {
      const which = args.toLowerCase();
      if (which !== '' && which !== 'this' && which !== 'last') {
        const problem = `\`/lead week\` takes \`last\` or nothing, not ${quoteUserInput(args)}.`;
        await respond({ response_type: 'ephemeral', ...invalidInputMessage(problem, '/lead week last') });
        return;
      }
      const last = which === 'last';
      const summary = await weekSummary(deps, manager, last ? 1 : 0);
      await respond({ response_type: 'ephemeral', ...weekSummaryMessage(summary, last ? 'last' : 'this') });
    },
  };
}
