import type { Message } from '../../core/blockKit';
import { invalidInputMessage, quoteUserInput } from '../../core/blockKit';
import { adminRefusalMessage, checkAdmin } from '../../core/adminPolicy';
import { createDeliveryClient, createDeliveryService, type Outbound } from '../../core/delivery/delivery';
import { parseChannel } from '../../core/slack/channel';
import { slackErrorCode } from '../../core/slack/errors';
import type { Subcommand, SubcommandContext } from '../../core/routers/subcommand';
import { enrolAnswerMessage, invitationMessage, startAnswerMessage, stopAnswerMessage, type EnrolCounts } from './blocks';
import { startCoaching } from './consent';
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

/** The invitation DM's delivery key: one invitation per person, ever (until forget-me). */
export function invitationKey(userId: string): string {
  return `invite:${userId}`;
}

/**
 * `/lead enroll #channel` (admins only): invites every human member who is not coaching and was not
 * invited before, with one DM each. It starts nobody's nudges: only the invitee's Start coaching does.
 */
export function enrollSubcommand(): Subcommand<EnrolmentDeps> {
  return {
    name: 'enroll',
    aliases: ['enrol'],
    summary: 'Admins: invite every member of a channel to start coaching (one DM each; nobody is enrolled without saying yes)',
    example: EXAMPLE,
    async run(ctx) {
      const { deps, logger } = ctx;
      const reply = (msg: Message) => ctx.respond({ response_type: 'ephemeral', ...msg });
      const check = await checkAdmin(deps.config, ctx.client, ctx.command.user_id, logger);
      if (!check.admin) {
        logger.info({ reason: check.reason }, 'enroll refused: not an admin');
        await reply(
          adminRefusalMessage(
            check.reason,
            'invite a whole channel',
            'Anyone can start coaching for themselves with `/lead start` or *Start coaching* on the lead-coach App Home.',
          ),
        );
        return;
      }
      const words = ctx.args.split(/\s+/).filter(Boolean);
      const channel = words.length === 1 ? parseChannel(words[0] ?? '') : undefined;
      if (!channel) {
        const problem = words.length === 0
          ? 'Name the channel whose members to invite.'
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
      const counts: EnrolCounts = { invited: 0, alreadyCoaching: 0, invitedBefore: 0, botsOrDeactivated: 0, lookupFailed: 0, sendFailed: 0 };
      const invitation = invitationMessage(channel);
      const outbound: Outbound[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let i = next++; i < members.length; i = next++) {
          const userId = members[i] ?? '';
          if ((await deps.repos.managers.get(userId))?.coachingStartedAt) {
            counts.alreadyCoaching++;
            continue;
          }
          if (await deps.repos.invitations.get(userId)) {
            counts.invitedBefore++;
            continue;
          }
          try {
            const user = (await ctx.client.users.info({ user: userId })).user;
            if (!user || user.deleted || user.is_bot || user.is_app_user || userId === 'USLACKBOT') {
              counts.botsOrDeactivated++;
              continue;
            }
            if (!(await deps.repos.invitations.add({ userId, channelId: channel, invitedAt: now }))) {
              counts.invitedBefore++;
              continue;
            }
            // No userId on the delivery: an invitee is not a manager (forget-me removes it with the invitation).
            outbound.push({ key: invitationKey(userId), kind: 'invitation', channel: userId, text: invitation.text, blocks: invitation.blocks, dueAt: now });
          } catch (err) {
            counts.lookupFailed++;
            logger.warn({ err, userId }, 'could not look up a channel member');
          }
        }
      };
      await Promise.all(Array.from({ length: LOOKUP_CONCURRENCY }, () => worker()));
      const delivery = createDeliveryService({ client: createDeliveryClient(deps.config, logger), repos: deps.repos, logger, clock: deps.clock });
      for (const result of await delivery.deliver(outbound)) {
        if (result.status === 'sent') counts.invited++;
        else if (result.status === 'duplicate') counts.invitedBefore++;
        else {
          counts.sendFailed++;
          logger.warn({ key: result.key, error: result.error }, 'invitation not delivered');
        }
      }
      logger.info({ channel, ...counts }, 'channel invited');
      await reply(enrolAnswerMessage(channel, counts));
    },
  };
}

/** `/lead start`: the explicit choice that turns nudges on, with one welcome DM. */
export function startSubcommand(): Subcommand<EnrolmentDeps> {
  return {
    name: 'start',
    aliases: ['start-coaching'],
    summary: 'Start coaching: nudges in your working hours, listed in a welcome DM',
    example: '/lead start',
    async run(ctx) {
      const outcome = await startCoaching(ctx.deps, ctx.client, ctx.logger, {
        userId: ctx.manager.userId,
        stored: { manager: ctx.manager },
      });
      await ctx.respond({ response_type: 'ephemeral', ...startAnswerMessage(outcome) });
    },
  };
}

/** `/lead stop`: turns every nudge off until `/lead start`; the time log and settings stay. */
export function stopSubcommand(): Subcommand<EnrolmentDeps> {
  return {
    name: 'stop',
    aliases: ['stop-coaching'],
    answersFromDatabase: true,
    summary: 'Stop coaching: no more nudges (your log stays)',
    example: '/lead stop',
    async run(ctx) {
      const stopped = await ctx.deps.repos.managers.stopCoaching(ctx.manager.userId);
      ctx.logger.info({ stopped }, 'stop coaching');
      await ctx.respond({ response_type: 'ephemeral', ...stopAnswerMessage(stopped) });
    },
  };
}

/** The enrolment feature's `/lead` subcommands, in the order help lists them. */
export function enrolmentSubcommands(): Subcommand<EnrolmentDeps>[] {
  return [startSubcommand(), stopSubcommand(), enrollSubcommand()];
}
