import { forgetMeConfirmMessage } from './blocks';
import type { Subcommand } from '../../core/routers/subcommand';
import type { PrivacyDeps } from './deps';

/** `/lead forget-me`: asks for confirmation; the button (actions/timeLog.ts) does the deleting. */
export function forgetMeSubcommand(): Subcommand<PrivacyDeps> {
  return {
    name: 'forget-me',
    aliases: ['forgetme', 'forget'],
    summary: 'Delete everything lead-coach stores about you (asks first)',
    example: '/lead forget-me',
    async run({ manager, respond, deps }) {
      const counts = await deps.repos.personalData.count(manager.userId);
      await respond({ response_type: 'ephemeral', ...forgetMeConfirmMessage(counts) });
    },
  };
}
