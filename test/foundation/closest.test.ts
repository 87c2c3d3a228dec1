import { closestMatch, editDistance } from '../../src/core/closest';

describe('closest-match suggestions', () => {
  it('counts a swap of neighbouring letters as one typo', () => {
    expect(editDistance('lgo', 'log')).toBe(1);
    expect(editDistance('hlep', 'help')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests the command a typo was meant to be, and nothing for unrelated words', () => {
    const names = ['help', 'faq', 'log', 'week', 'undo', 'nudges'];
    expect(closestMatch('lgo', names)).toBe('log');
    expect(closestMatch('wek', names)).toBe('week');
    expect(closestMatch('nudge', names)).toBe('nudges');
    expect(closestMatch('bogus', names)).toBeUndefined();
    expect(closestMatch('', names)).toBeUndefined();
  });
});
