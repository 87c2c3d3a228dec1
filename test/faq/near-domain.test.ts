import { isConfident, questionWords } from '../../src/features/faq/search';

describe('FAQ confidence for workplace questions outside management', () => {
  const total = 70;
  it('declines one distinctive shared word when the question also has a word the knowledge base never uses', () => {
    // "which laptop should I order for a new engineer": laptop unseen, order rare, engineer generic.
    const evidence = [
      { docCount: 0, match: 'none' as const },
      { docCount: 2, match: 'strong' as const },
      { docCount: 57, match: 'strong' as const },
    ];
    expect(isConfident(evidence, total)).toBe(false);
  });

  it('still answers when two distinctive words match, even next to an unseen one', () => {
    const evidence = [
      { docCount: 0, match: 'none' as const },
      { docCount: 3, match: 'strong' as const },
      { docCount: 5, match: 'strong' as const },
      { docCount: 57, match: 'strong' as const },
    ];
    expect(isConfident(evidence, total)).toBe(true);
  });

  it('still answers one distinctive word next to generic ones when every word is known', () => {
    // "how do I give feedback to my engineers"
    const evidence = [
      { docCount: 4, match: 'strong' as const },
      { docCount: 57, match: 'strong' as const },
    ];
    expect(isConfident(evidence, total)).toBe(true);
  });
});

describe('FAQ vocabulary that keeps workplace admin apart from coaching topics', () => {
  it('reads expense claims as their own topic, not as "expensive"', () => {
    expect(questionWords('can managers approve their own expenses')).toContain('expenseclaim');
    expect(questionWords('promoting the wrong person is expensive')).not.toContain('expenseclaim');
  });

  it('keeps overtime pay apart from overwork, and meeting rooms apart from meetings', () => {
    expect(questionWords('who approves overtime pay')).toContain('overtimepay');
    expect(questionWords('who approves overtime pay')).not.toContain('pay');
    expect(questionWords('can my team get a bigger meeting room')).toContain('meetingroom');
    expect(questionWords('can my team get a bigger meeting room')).not.toContain('meeting');
  });
});
