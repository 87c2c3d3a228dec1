import type { CategoryMinutes } from '../../core/categories';
import type { EntryChanges, NewTimeEntry, TimeEntry, TimeLogAction, TimeLogActionKind } from './entities';
import { changesExistingEntries, dayFingerprint, planDay, type CategoryPlan } from './rules/dayPlan';
import type { TimeLogDeps } from './deps';

/**
 * Every change to a manager's log goes through here: the change and its journal row
 * (time_log_actions) commit together, so `/lead undo` can always revert a whole action.
 */
type WriteDeps = Pick<TimeLogDeps, 'repos' | 'transactor' | 'clock'>;

/** What logging one entry needs: the nudges' check-in buttons log through it too, so undo can revert them. */
export type LogEntryDeps = Pick<TimeLogDeps, 'transactor' | 'clock'> & { repos: Pick<TimeLogDeps['repos'], 'timeEntries' | 'timeLogActions'> };

async function journal(
  deps: LogEntryDeps,
  userId: string,
  kind: TimeLogActionKind,
  localDate: string,
  before: TimeEntry[],
  after: TimeEntry[],
): Promise<void> {
  await deps.repos.timeLogActions.record({ userId, kind, localDate, before, after, createdAt: deps.clock.now() });
}

/** `/lead log`: adds one entry when the day has room; a replayed request is returned as a duplicate and journaled once. */
export async function logEntry(deps: LogEntryDeps, entry: NewTimeEntry, maxDayMinutes: number) {
  return deps.transactor.transaction(async () => {
    const result = await deps.repos.timeEntries.addIfDayFits(entry, maxDayMinutes);
    if (result.stored && !result.duplicate) await journal(deps, entry.userId, 'log', entry.localDate, [], [result.entry]);
    return result;
  });
}

export type DaySave =
  | { saved: true; plans: CategoryPlan[] }
  /** Saving would remove or shorten entries: nothing was changed; show the plans and ask. */
  | { saved: false; plans: CategoryPlan[]; fingerprint: string };

/**
 * Saves the day form's totals by editing the day's entries (see planDay), never by replacing
 * the day: entries and notes in unchanged categories stay exactly as they are. When existing
 * entries would be removed or shortened, it saves only if `confirmedFingerprint` names the
 * state of the day the manager confirmed; otherwise it changes nothing and returns the plan.
 */
export async function saveDay(
  deps: WriteDeps,
  userId: string,
  localDate: string,
  timeZone: string,
  wanted: CategoryMinutes,
  confirmedFingerprint?: string,
): Promise<DaySave> {
  return deps.transactor.transaction(async (): Promise<DaySave> => {
    const entries = deps.repos.timeEntries;
    const existing = await entries.between(userId, localDate, localDate);
    const plans = planDay(existing, wanted);
    const fingerprint = dayFingerprint(existing);
    if (changesExistingEntries(plans) && confirmedFingerprint !== fingerprint) return { saved: false, plans, fingerprint };
    const before: TimeEntry[] = [];
    const after: TimeEntry[] = [];
    for (const plan of plans) {
      for (const change of plan.changes) {
        before.push(change.entry);
        if (change.kind === 'remove') {
          await entries.delete(userId, change.entry.id);
          continue;
        }
        const { category, localDate: day, note } = change.entry;
        const shortened = await entries.update(userId, change.entry.id, { category, localDate: day, note, minutes: change.minutes });
        if (shortened) after.push(shortened);
      }
      if (plan.added > 0) {
        const { entry } = await entries.add({
          userId,
          category: plan.category,
          minutes: plan.added,
          localDate,
          timeZone,
          source: 'modal',
          createdAt: deps.clock.now(),
        });
        after.push(entry);
      }
    }
    if (before.length > 0 || after.length > 0) await journal(deps, userId, 'form', localDate, before, after);
    return { saved: true, plans };
  });
}

export type EntryEdit =
  | { ok: true; before: TimeEntry; after: TimeEntry; changed: boolean }
  | { ok: false; reason: 'missing' }
  | { ok: false; reason: 'day-full'; dayMinutes: number };

/** Changes one of the manager's own entries; another manager's entry id is `missing` and nothing changes. */
export async function editEntry(deps: WriteDeps, userId: string, id: number, changes: EntryChanges, maxDayMinutes: number): Promise<EntryEdit> {
  return deps.transactor.transaction(async (): Promise<EntryEdit> => {
    const entries = deps.repos.timeEntries;
    const before = await entries.get(userId, id);
    if (!before) return { ok: false, reason: 'missing' };
    const unchanged =
      before.category === changes.category && before.minutes === changes.minutes && before.localDate === changes.localDate && before.note === changes.note;
    if (unchanged) return { ok: true, before, after: before, changed: false };
    const others = (await entries.dayTotal(userId, changes.localDate)) - (before.localDate === changes.localDate ? before.minutes : 0);
    if (others + changes.minutes > maxDayMinutes) return { ok: false, reason: 'day-full', dayMinutes: others };
    const after = await entries.update(userId, id, changes);
    if (!after) return { ok: false, reason: 'missing' };
    await journal(deps, userId, 'edit', after.localDate, [before], [after]);
    return { ok: true, before, after, changed: true };
  });
}

/** Deletes one of the manager's own entries; returns it, or undefined when it is not theirs (or gone). */
export async function deleteEntry(deps: WriteDeps, userId: string, id: number): Promise<TimeEntry | undefined> {
  return deps.transactor.transaction(async () => {
    const entries = deps.repos.timeEntries;
    const before = await entries.get(userId, id);
    if (!before || !(await entries.delete(userId, id))) return undefined;
    await journal(deps, userId, 'delete', before.localDate, [before], []);
    return before;
  });
}

export interface Undone {
  action: TimeLogAction;
  /** True when this very request had already undone it (Slack sent it twice). */
  duplicate: boolean;
}

/**
 * Reverts the manager's most recent action not undone yet: removes what it inserted or changed
 * and restores what it changed or deleted. The same request (requestKey) undoes once.
 */
export async function undoLastAction(deps: WriteDeps, userId: string, requestKey: string): Promise<Undone | undefined> {
  return deps.transactor.transaction(async (): Promise<Undone | undefined> => {
    const actions = deps.repos.timeLogActions;
    const already = await actions.undoneBy(userId, requestKey);
    if (already) return { action: already, duplicate: true };
    const action = await actions.lastOpen(userId);
    if (!action) return undefined;
    await deps.repos.timeEntries.restore(
      userId,
      action.after.map((e) => e.id),
      action.before,
    );
    await actions.markUndone(userId, action.id, requestKey, deps.clock.now());
    return { action, duplicate: false };
  });
}
