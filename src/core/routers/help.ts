import { helpMessage } from './helpBlocks';
import type { RoutedSubcommand } from './subcommand';

/** `/lead help`: built from the registry so every subcommand appears with its example. */
export function helpSubcommand(all: () => readonly RoutedSubcommand[]): RoutedSubcommand {
  return {
    name: 'help',
    answersFromDatabase: true,
    summary: 'What lead-coach does and every command, with an example',
    example: '/lead help',
    async run({ respond }) {
      const entries = all()
        .filter((s) => !s.hidden)
        .map((s) => ({ name: s.name, summary: s.summary, example: s.example }));
      await respond({ response_type: 'ephemeral', ...helpMessage(entries) });
    },
  };
}
