import { invalidNudgeInput } from '../nudges/blocks';
import { plainMessage } from '../../core/blockKit';
import { fetchSlackProfile, isValidTimeZone } from './service';
import type { Subcommand, SubcommandContext } from '../../core/routers/subcommand';

const EXAMPLE = '/lead enroll #new-managers';
const CHANNEL = /^<#([CG][A-Z0-9_]{2,})(?:\|[^>]*)?>$/;
/** Members looked up at once: users.info is a Tier 4 method, so a few in parallel stay well inside it. */
const LOOKUP_CONCURRENCY = 4;
export const MAX_ENROL_MEMBERS = 5000;

async function isAdmin(ctx: SubcommandContext): Promise<boolean> {
  const userId = ctx.command.user_id;
  if (ctx.deps.config.adminUserIds.includes(userId)) return true;
  return (await fetchSlackProfile(ctx.client, userId)).isAdmin;
}

async function channelMembers(ctx: SubcommandContext, channel: string): Promise<string[]> {
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
export function enrollSubcommand(): Subcommand {
  return {
    name: 'enroll',
    aliases: ['enrol'],
    summary: 'Admins: enrol every member of a channel so they get nudges',
    example: EXAMPLE,
    async run(ctx) {
      const { deps, logger } = ctx;
      const reply = (msg: ReturnType<typeof plainMessage>) => ctx.respond({ response_type: 'ephemeral', ...msg });
      if (!(await isAdmin(ctx))) {
        logger.info('enroll refused: not an admin');
        await reply(
          plainMessage(
            ':lock: Only a workspace admin or owner, or someone listed in ADMIN_USER_IDS, can enrol a whole channel. ' +
              'Anyone can enrol themselves by typing `/lead` or pressing *Start coaching* on the lead-coach App Home.',
          ),
        );
        return;
      }
      const words = ctx.args.split(/\s+/).filter(Boolean);
      const match = words.length === 1 ? CHANNEL.exec(words[0] ?? '') : null;
      if (!match?.[1]) {
        const problem = words.length === 0
          ? 'Name the channel whose members to enrol.'
          : `\`${ctx.args.slice(0, 40).replace(/`/g, "'")}\` is not a channel: pick it from the # menu so it becomes a link.`;
        await reply(invalidNudgeInput(problem, EXAMPLE));
        return;
      }
      const channel = match[1];
      let members: string[];
      try {
        members = await channelMembers(ctx, channel);
      } catch (err) {
        const code = (err as { data?: { error?: string } }).data?.error;
        if (code === 'channel_not_found' || code === 'not_in_channel' || code === 'missing_scope') {
          await reply(
            invalidNudgeInput(
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
