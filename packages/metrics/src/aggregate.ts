/**
 * Country and region figures weight each network by its estimated users (APNIC AS population)
 * where known, else by its samples (DESIGN.md §4) — never a plain mean of networks, which would
 * let a small network count as much as a national incumbent.
 */
export interface WeightedShare {
  share: number;
  /** Users, when known; null means samples are the weight. */
  users: number | null;
  samples: number;
}

export function weightedShare(
  networks: readonly WeightedShare[],
): { share: number; weightedBy: "users" | "samples" } | null {
  const usable = networks.filter((n) => n.samples > 0);
  if (usable.length === 0) return null;
  // Mixing weights of two kinds would be meaningless: users only when every network has them.
  const byUsers = usable.every((n) => n.users !== null && n.users > 0);
  let total = 0;
  let weighted = 0;
  for (const n of usable) {
    const w = byUsers ? (n.users as number) : n.samples;
    total += w;
    weighted += w * n.share;
  }
  return { share: weighted / total, weightedBy: byUsers ? "users" : "samples" };
}

/** 1-based competition ranking ("1224"): ties share a rank, higher value first. */
export function rankDescending<T>(items: readonly T[], value: (item: T) => number): Map<T, number> {
  const sorted = [...items].sort((a, b) => value(b) - value(a));
  const ranks = new Map<T, number>();
  sorted.forEach((item, i) => {
    const previous = sorted[i - 1];
    ranks.set(
      item,
      previous !== undefined && value(previous) === value(item) ? (ranks.get(previous) as number) : i + 1,
    );
  });
  return ranks;
}
