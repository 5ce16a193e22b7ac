export { readBackupFile, writeBackupFile } from "./backup-file";
export { SEEDED_TABLES } from "./catalog";
export { dumpDatabase } from "./dump";
export * from "./format";
export { moveDatabase } from "./move";
export {
  BackupError,
  type RestoreOptions,
  type RestoreSummary,
  restoreDatabase,
  type TableCount,
  tablesWithRows,
  wipeDatabase,
} from "./restore";
