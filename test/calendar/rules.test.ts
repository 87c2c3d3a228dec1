import { classifierFor, parseRule } from '../../src/features/calendar/rules';
import { decryptSecret, encryptSecret, urlHint } from '../../src/features/calendar/crypto';

describe('classifying events by visible rules', () => {
  const c = classifierFor([]);
  it.each([
    ['1:1 Jordan', 0, 'people'],
    ['Jordan <> Sam 1-1', 0, 'people'],
    ['one on one with Kim', 0, 'people'],
    ['Alex / Sam', 0, 'people'],
    ['Interview: staff engineer', 5, 'people'],
    ['Daily standup', 8, 'meetings'],
    ['Payments sync', 6, 'meetings'],
    ['Q3 planning', 6, 'strategy'],
    ['Focus time', 1, 'strategy'],
    ['Deep work', 0, 'strategy'],
    ['Incident: checkout down', 4, 'firefighting'],
    ['Chat', 2, 'people'],
    ['Lunch & learn', 20, 'meetings'],
  ] as const)('"%s" with %d attendees → %s', (title, attendees, category) => {
    expect(c.classify({ title, attendees }).category).toBe(category);
  });

  it('marks focus / no-code / deep-work blocks as no-code blocks', () => {
    expect(c.classify({ title: 'No code block', attendees: 0 }).noCodeBlock).toBe(true);
    expect(c.classify({ title: 'Focus', attendees: 0 }).noCodeBlock).toBe(true);
    expect(c.classify({ title: 'Code review', attendees: 0 }).noCodeBlock).toBe(false);
  });

  it('matches phrases as whole words', () => {
    const mine = classifierFor([{ phrase: 'arch review', category: 'strategy' }]);
    expect(mine.classify({ title: 'Weekly Arch  Review', attendees: 9 }).category).toBe('strategy');
    expect(mine.classify({ title: 'search reviews', attendees: 9 }).category).toBe('meetings');
  });
});

describe('/lead calendar rule arguments', () => {
  it('reads a quoted phrase and a category (aliases too)', () => {
    expect(parseRule('"arch review" strategy')).toEqual({ ok: true, value: { phrase: 'arch review', category: 'strategy' } });
    expect(parseRule('“Hiring sync” hiring')).toEqual({ ok: true, value: { phrase: 'hiring sync', category: 'people' } });
    expect(parseRule('ops review improvement')).toEqual({ ok: true, value: { phrase: 'ops review', category: 'improvement' } });
  });

  it.each([
    ['"*bold* <!channel>" people', /letters, digits/],
    [`"${'x'.repeat(3000)}" people`, /3\d{3} characters/],
    [`"${'x'.repeat(61)}" people`, /61 characters/],
    ['"arch review" lunch', /"lunch" is not a category: use one of coding, people/],
    ['"arch review" <@U123>', /is not a category/],
    ['', /Say which words/],
    ['strategy', /quotes/],
  ])('refuses %s', (args, problem) => {
    const parsed = parseRule(args);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problem).toMatch(problem);
      expect(parsed.problem).not.toMatch(/<!channel>|<@U123>/);
    }
  });
});

describe('the calendar address at rest', () => {
  const key = Buffer.alloc(32, 7);
  const url = 'https://calendar.google.com/calendar/ical/manager%40example.com/private-0123456789abcdef0123456789abcdef/basic.ics';

  it('round-trips with the key and the owner, and is not readable without them', () => {
    const stored = encryptSecret(key, 'U1', url);
    expect(stored).not.toContain('private-');
    expect(stored).not.toContain('calendar.google.com');
    expect(decryptSecret(key, 'U1', stored)).toBe(url);
    expect(decryptSecret(Buffer.alloc(32, 8), 'U1', stored)).toBeUndefined();
    expect(decryptSecret(key, 'U2', stored)).toBeUndefined();
    expect(decryptSecret(key, 'U1', `${stored.slice(0, -4)}AAAA`)).toBeUndefined();
    expect(encryptSecret(key, 'U1', url)).not.toBe(stored); // a fresh IV each time
  });

  it('shows only the host and the last characters', () => {
    expect(urlHint(url)).toBe('calendar.google.com/…/basic.ics');
    expect(urlHint(url)).not.toContain('0123456789abcdef');
  });
});
