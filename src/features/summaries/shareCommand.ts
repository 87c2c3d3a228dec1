import { shareChangedText, SUMMARY_EXAMPLES } from './blocks';
import { invalidInputMessage, plainMessage, quoteUserInput } from '../../core/blockKit';
import type { Subcommand } from '../../core/routers/subcommand';
import type { SummaryDeps } from './deps';

/** `/lead share on|off`: whether the manager's own split is named in the weekly cohort summary. */
export function shareSubcommand(): Subcommand<SummaryDeps> {
  return {
    name: 'share',
    summary: 'Share your weekly split, with your name, in the cohort summary (off by default)',
    example: SUMMARY_EXAMPLES.share,
    async run({ args, manager, respond, logger, deps }) {
      const word = args.trim().toLowerCase();
      if (!word) {
        const state = manager.shareInCohort
          ? 'Your split is shared in the weekly cohort summary, with your name. Stop with `/lead share off`.'
          : 'Your split is private: the weekly cohort summary counts it anonymously and never names you. Share it with `/lead share on`.';
        await respond({ response_type: 'ephemeral', ...plainMessage(state) });
        return;
      }
      if (word !== 'on' && word !== 'off') {
        const problem = `${quoteUserInput(args)} is neither \`on\` nor \`off\`.`;
        await respond({ response_type: 'ephemeral', ...invalidInputMessage(problem, SUMMARY_EXAMPLES.share) });
        return;
      }
      const share = word === 'on';
      await deps.repos.managers.setShareInCohort(manager.userId, share);
      logger.info({ share }, 'cohort sharing changed');
      await respond({ response_type: 'ephemeral', ...plainMessage(shareChangedText(share)) });
    },
  };
}
