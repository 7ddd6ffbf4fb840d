/** A seeded pseudo-random source (mulberry32): the same seed gives the same data set, so bench runs compare. */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** Picks with a skew towards the start of the list (common family names, big provinces first). */
  pickSkewed<T>(items: readonly T[], skew = 2): T {
    return items[Math.floor(Math.pow(this.next(), skew) * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}
