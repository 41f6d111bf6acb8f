import { placeInSequence } from './sequence';

describe('placeInSequence', () => {
  it('applies the next seq, drops one already applied, and finds a gap before a later one', () => {
    expect(placeInSequence(0, 1)).toEqual({ kind: 'next' });
    expect(placeInSequence(4, 5)).toEqual({ kind: 'next' });
    expect(placeInSequence(4, 4)).toEqual({ kind: 'duplicate' });
    expect(placeInSequence(4, 1)).toEqual({ kind: 'duplicate' });
    expect(placeInSequence(4, 7)).toEqual({ kind: 'gap', expectedSeq: 5 });
  });

  it("finds a gap before a journey's opened event (seq 1) has been applied", () => {
    expect(placeInSequence(0, 3)).toEqual({ kind: 'gap', expectedSeq: 1 });
  });
});
