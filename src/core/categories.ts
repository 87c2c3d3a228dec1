/** The six ways a manager's time is split, with the words people naturally type for them. */
export const CATEGORY_IDS = ['coding', 'people', 'meetings', 'strategy', 'improvement', 'firefighting'] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

export interface Category {
  id: CategoryId;
  label: string;
  emoji: string;
  description: string;
  aliases: string[];
}

export const CATEGORIES: readonly Category[] = [
  { id: 'coding', label: 'Coding', emoji: ':computer:', description: 'Hands-on IC work, including code reviews', aliases: ['code', 'dev', 'review', 'reviews', 'pr', 'prs'] },
  { id: 'people', label: 'People', emoji: ':busts_in_silhouette:', description: '1:1s, coaching, feedback, hiring, career talks', aliases: ['1:1', '1on1', '1-on-1', 'coaching', 'hiring', 'interview', 'interviews', 'feedback'] },
  { id: 'meetings', label: 'Meetings', emoji: ':spiral_calendar_pad:', description: 'Status, coordination, cross-team syncs', aliases: ['meeting', 'sync', 'syncs', 'standup', 'standups'] },
  { id: 'strategy', label: 'Strategy', emoji: ':compass:', description: 'Planning, roadmap, stakeholders, business alignment', aliases: ['planning', 'plan', 'roadmap', 'stakeholder', 'stakeholders'] },
  { id: 'improvement', label: 'Improvement', emoji: ':hammer_and_wrench:', description: 'Work on the system rather than in it: runbooks, tooling, process', aliases: ['improve', 'process', 'tooling', 'runbook', 'runbooks'] },
  { id: 'firefighting', label: 'Firefighting', emoji: ':fire:', description: 'Incidents, outages, urgent interrupts', aliases: ['incident', 'incidents', 'outage', 'outages', 'oncall', 'on-call', 'urgent', 'fire'] },
];

export function isCategoryId(value: string): value is CategoryId {
  return (CATEGORY_IDS as readonly string[]).includes(value);
}

export function categoryById(id: CategoryId): Category {
  const c = CATEGORIES.find((x) => x.id === id);
  if (!c) throw new Error(`Unknown category ${id}`);
  return c;
}

/** Resolves a typed word (id or alias, any case) to a category. */
export function resolveCategory(word: string): CategoryId | undefined {
  const w = word.trim().toLowerCase();
  for (const c of CATEGORIES) if (c.id === w || c.aliases.includes(w)) return c.id;
  return undefined;
}

/** Minutes per category, every category present. */
export type CategoryMinutes = Record<CategoryId, number>;

export function emptyMinutes(): CategoryMinutes {
  return { coding: 0, people: 0, meetings: 0, strategy: 0, improvement: 0, firefighting: 0 };
}
