import { invalidInputMessage, plainMessage, quoteUserInput } from '../../core/blockKit';
import { adminRefusalMessage, checkAdmin } from '../../core/adminPolicy';
import { isValidTimeZone } from '../../core/dates/localDate';
import { parseChannel } from '../../core/slack/channel';
import { slackErrorCode } from '../../core/slack/errors';
import type { Subcommand, SubcommandContext } from '../../core/routers/subcommand';
import type { EnrolmentDeps } from './deps';

const EXAMPLE = '/lead enroll #new-managers';
/** Members looked up at once: users.info is a Tier 4 method, so a few in parallel stay well inside it. */
const LOOKUP_CONCURRENCY = 4;
export const MAX_ENROL_MEMBERS = 5000;

async function channelMembers(ctx: SubcommandContext<EnrolmentDeps>, channel: string): Promise<string[]> {
  const members: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await ctx.client.conversations.members({ channel, limit: 200, ...(cursor ? { cursor } : {}) });
    members.push(...(res.members ?? []));
    cursor = res.response_metadata?.next_cursor || undefined;
  } while (cursor && members.length < MAX_ENROL_MEMBERS);
  return members.slice(0, MAX_ENROL_MEMBERS);
}

/** `/lead enroll #channel` (admins only): every human member of the channel becomes a coached manager. */
export function enrollSubcommand(): Subcommand<EnrolmentDeps> {
  return {
    name: 'enroll',
    aliases: ['enrol'],
    summary: 'Admins: enrol every member of a channel so they get nudges',
    example: EXAMPLE,
    async run(ctx) {
      const { deps, logger } = ctx;
      const reply = (msg: ReturnType<typeof plainMessage>) => ctx.respond({ response_type: 'ephemeral', ...msg });
      const check = await checkAdmin(deps.config, ctx.client, ctx.command.user_id, logger);
      if (!check.admin) {
        logger.info({ reason: check.reason }, 'enroll refused: not an admin');
        await reply(
          adminRefusalMessage(
            check.reason,
            'enrol a whole channel',
            'Anyone can enrol themselves by typing `/lead` or pressing *Start coaching* on the lead-coach App Home.',
          ),
        );
        return;
      }
      const words = ctx.args.split(/\s+/).filter(Boolean);
      const channel = words.length === 1 ? parseChannel(words[0] ?? '') : undefined;
      if (!channel) {
        const problem = words.length === 0
          ? 'Name the channel whose members to enrol.'
          : `${quoteUserInput(ctx.args)} is not a channel: pick it from the # menu so it becomes a link.`;
        await reply(invalidInputMessage(problem, EXAMPLE));
        return;
      }
      let members: string[];
      try {
        members = await channelMembers(ctx, channel);
      } catch (err) {
        const code = slackErrorCode(err);
        if (code === 'channel_not_found' || code === 'not_in_channel' || code === 'missing_scope') {
          await reply(
            invalidInputMessage(
              `I can't see the members of <#${channel}> (\`${code}\`): invite lead-coach to the channel first (\`/invite @lead-coach\`), then try again.`,
              EXAMPLE,
            ),
          );
          return;
        }
        throw err;
      }
      const now = deps.clock.now();
      const counts = { enrolled: 0, already: 0, skipped: 0, failed: 0 };
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let i = next++; i < members.length; i = next++) {
          const userId = members[i] ?? '';
          if (await deps.repos.managers.get(userId)) {
            counts.already++;
            continue;
          }
          try {
            const res = await ctx.client.users.info({ user: userId });
            const user = res.user;
            if (!user || user.deleted || user.is_bot || user.is_app_user || userId === 'USLACKBOT') {
              counts.skipped++;
              continue;
            }
            const timeZone = user.tz && isValidTimeZone(user.tz) ? user.tz : 'UTC';
            const teamId = user.team_id ?? ctx.command.team_id;
            if (await deps.repos.managers.enrol({ userId, teamId, timeZone, enrolledAt: now })) counts.enrolled++;
            else counts.already++;
          } catch (err) {
            counts.failed++;
            logger.warn({ err, userId }, 'could not look up a channel member');
          }
        }
      };
      await Promise.all(Array.from({ length: LOOKUP_CONCURRENCY }, () => worker()));
      logger.info({ channel, ...counts }, 'channel enrolled');
      const parts = [
        `:tada: Enrolled *${counts.enrolled}* new manager${counts.enrolled === 1 ? '' : 's'} from <#${channel}>.`,
        counts.already ? `${counts.already} already enrolled.` : '',
        counts.skipped ? `${counts.skipped} bots or deactivated accounts skipped.` : '',
        counts.failed ? `${counts.failed} could not be looked up; run the command again to retry them.` : '',
        'Their nudges follow each person’s own time zone and working hours; anyone can pause or turn them off with `/lead nudges`.',
      ];
      await reply(plainMessage(parts.filter(Boolean).join(' ')));
    },
  };
}
