import { TARGETS_EXAMPLE, targetSetMessage, targetsMessage } from '../blocks';
import { invalidInputMessage } from '../../../core/blockKit';
import { resolveCategory } from '../../../core/categories';
import { unknownCategoryProblem } from '../rules/logArgs';
import { parseTargetRange, sumOfMinimums, type Targets } from '../rules/targets';
import { targetsFor } from '../service';
import type { Subcommand } from '../../../core/routers/subcommand';
import type { TimeLogDeps } from '../deps';

function consistencyWarning(targets: Targets): string | undefined {
  const minimums = sumOfMinimums(targets);
  if (minimums > 100) return `Your minimums now add up to ${minimums}%, so no week can meet every target.`;
  const maximums = Object.values(targets).reduce((s, t) => s + t.max, 0);
  if (maximums < 100) return `Your maximums now add up to ${maximums}%, so every week will be above some target.`;
  return undefined;
}

/**
 * `/lead targets` shows the ranges; `/lead targets <category> <min>-<max>` sets the manager's own;
 * `/lead targets <category> default` and `/lead targets reset` go back to the defaults.
 */
export function targetsSubcommand(): Subcommand<TimeLogDeps> {
  return {
    name: 'targets',
    answersFromDatabase: true,
    aliases: ['target'],
    summary: 'See your target share per category and why; set your own with a range in percent',
    example: TARGETS_EXAMPLE,
    async run({ args, manager, respond, logger, deps }) {
      const userId = manager.userId;
      const guidance = (c: Parameters<typeof deps.coaching.target>[0]) => deps.coaching.target(c);
      const words = args.split(/\s+/).filter(Boolean);
      if (words.length === 0) {
        await respond({ response_type: 'ephemeral', ...targetsMessage(await targetsFor(deps, userId), guidance) });
        return;
      }
      if (words.length === 1 && ['reset', 'default', 'defaults'].includes(words[0]?.toLowerCase() ?? '')) {
        const reset = await deps.repos.targets.reset(userId);
        logger.info({ reset }, 'all targets reset');
        await respond({ response_type: 'ephemeral', ...targetsMessage(await targetsFor(deps, userId), guidance) });
        return;
      }
      const [categoryWord = '', ...rangeWords] = words;
      const category = resolveCategory(categoryWord);
      if (!category) {
        await respond({ response_type: 'ephemeral', ...invalidInputMessage(unknownCategoryProblem(categoryWord), TARGETS_EXAMPLE) });
        return;
      }
      const rangeText = rangeWords.join(' ');
      if (!rangeText) {
        const problem = `Give the range for ${category} as the lowest and highest share in percent.`;
        await respond({ response_type: 'ephemeral', ...invalidInputMessage(problem, TARGETS_EXAMPLE) });
        return;
      }
      if (['default', 'reset'].includes(rangeText.toLowerCase())) {
        await deps.repos.targets.reset(userId, category);
        logger.info({ category }, 'target reset');
        await respond({ response_type: 'ephemeral', ...targetSetMessage(category, undefined, consistencyWarning(await targetsFor(deps, userId))) });
        return;
      }
      const range = parseTargetRange(rangeText);
      if (!range.ok) {
        await respond({ response_type: 'ephemeral', ...invalidInputMessage(range.problem, TARGETS_EXAMPLE) });
        return;
      }
      await deps.repos.targets.set(userId, category, range.value);
      logger.info({ category, ...range.value }, 'target set');
      await respond({
        response_type: 'ephemeral',
        ...targetSetMessage(category, range.value, consistencyWarning(await targetsFor(deps, userId))),
      });
    },
  };
}
