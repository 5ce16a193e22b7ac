/**
 * Wilson score interval for a binomial proportion (Wilson 1927). Unlike the normal approximation
 * it stays inside [0, 1] and behaves for small samples and shares near 0 — exactly where IPv6
 * shares of small networks sit.
 */
export const Z_95 = 1.959963984540054;

export interface Proportion {
  share: number;
  lo: number;
  hi: number;
}

export function wilsonInterval(successes: number, trials: number, z = Z_95): Proportion | null {
  if (trials <= 0) return null;
  if (successes < 0 || successes > trials) throw new RangeError(`successes ${successes} outside 0…${trials}`);
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // At p = 0 and p = 1 the bound is exactly 0 or 1; computed, it comes out as 0.9999999999999999.
  return {
    share: p,
    lo: successes === 0 ? 0 : Math.max(0, centre - half),
    hi: successes === trials ? 1 : Math.min(1, centre + half),
  };
}
