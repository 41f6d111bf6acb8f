/**
 * The differencing attacker of the disclosure e2e, written apart from the measures code: every published count says
 * that the sum of some unseen cells ("atoms": one provider, one area, the days one week shares with one month) lies
 * between two numbers. Subtracting overlapping sums — all providers minus the others, one area minus the rest, a
 * month minus the weeks inside it, a rate times its count — is interval propagation over those sums, run until
 * nothing tightens. It is sound (never rules out the truth), so a sum it narrows to one value is truly pinned.
 */
export interface PublishedSum {
  /** The atoms the figure adds up. */
  atoms: readonly string[];
  lo: number;
  hi: number;
}

/** Each published sum's range once the attacker has combined them all: [lo, hi], in the order given. */
export function attack(sums: readonly PublishedSum[]): [number, number][] {
  const ceiling = Math.max(...sums.map((s) => s.hi));
  const atoms = new Map<string, [number, number]>();
  for (const s of sums) for (const a of s.atoms) atoms.set(a, [0, ceiling]);
  const ranges = sums.map((s) => [s.lo, s.hi] as [number, number]);
  for (let changed = true; changed; ) {
    changed = false;
    sums.forEach((s, i) => {
      const range = ranges[i] as [number, number];
      let [sumLo, sumHi] = [0, 0];
      for (const a of s.atoms) {
        const [lo, hi] = atoms.get(a) as [number, number];
        [sumLo, sumHi] = [sumLo + lo, sumHi + hi];
      }
      if (sumLo > range[0] || sumHi < range[1]) {
        [range[0], range[1], changed] = [Math.max(range[0], sumLo), Math.min(range[1], sumHi), true];
      }
      if (range[0] > range[1]) throw new Error(`published figures contradict each other at sum ${i}`);
      for (const a of s.atoms) {
        const atom = atoms.get(a) as [number, number];
        const hi = range[1] - (sumLo - atom[0]);
        const lo = range[0] - (sumHi - atom[1]);
        if (hi < atom[1]) [atom[1], changed] = [hi, true];
        if (lo > atom[0]) [atom[0], changed] = [lo, true];
      }
    });
  }
  return ranges;
}
