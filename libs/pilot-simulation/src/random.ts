/**
 * A seeded pseudo-random generator, so a simulation is the same every time it is run from the same seed (never
 * Math.random). sfc32 (Chris Doty-Humphrey's small fast chaotic generator) seeded by cyrb128, a 128-bit string hash;
 * both are public domain, fast, and need nothing but 32-bit integer arithmetic. Not for anything secret.
 */

/** cyrb128: four 32-bit words from a string. */
export function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** 32 hex digits naming a text: short, stable names for a simulation's parameters (not a cryptographic hash). */
export function digestHex(text: string): string {
  return hash128(text)
    .map((word) => word.toString(16).padStart(8, '0'))
    .join('');
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator for the given parts (e.g. seed, "person", 12): the same parts always give the same numbers. */
  static of(...parts: (string | number)[]): Random {
    return new Random(hash128(parts.join('\u0000')));
  }

  private constructor([a, b, c, d]: [number, number, number, number]) {
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    for (let i = 0; i < 15; i++) this.next(); // the first outputs of sfc32 still show the seed
  }

  /** A number in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A number in [min, max). */
  between([min, max]: readonly [number, number]): number {
    return min + this.next() * (max - min);
  }

  /** A whole number from min to max, both included. */
  int([min, max]: readonly [number, number]): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error('pick from an empty list');
    return list[Math.floor(this.next() * list.length)] as T;
  }

  /** One of the entries, with probability in proportion to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let x = this.next() * total;
    for (const [value, weight] of entries) {
      x -= weight;
      if (x < 0) return value;
    }
    return (entries[entries.length - 1] as readonly [T, number])[0];
  }
}
