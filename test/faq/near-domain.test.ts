import { isConfident } from '../../src/domain/faq';

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
