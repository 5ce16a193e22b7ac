/**
 * What a process must do before it exits, registered by the code that made it necessary (the
 * owner of an embedded data folder gives it up: context.ts). Kept apart so that main.ts reaches
 * it without loading the database for commands that never open one.
 */
const tasks = new Set<() => Promise<void>>();

export function beforeExit(task: () => Promise<void>): () => void {
  tasks.add(task);
  return () => tasks.delete(task);
}

export async function runBeforeExit(): Promise<void> {
  for (const task of [...tasks]) {
    tasks.delete(task);
    await task();
  }
}
