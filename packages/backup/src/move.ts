/**
 * `moveDatabase`: one database copied into another, the dump piped into the restore without a
 * file. Atomic on the target like any restore (restore.ts): interrupted, the target is left as
 * it was, and the move can simply be run again.
 */
import type { Database } from "@atalaya/db";
import { dumpDatabase } from "./dump";
import { type RestoreOptions, type RestoreSummary, restoreDatabase } from "./restore";

export function moveDatabase(
  source: Database,
  target: Database,
  options: Pick<RestoreOptions, "force"> = {},
): Promise<RestoreSummary> {
  return restoreDatabase(target, dumpDatabase(source), { ...options, name: source.describe() });
}
