/**
 * `npx atalaya <command>`: thin wrappers over the packages. Exit codes: 0 success, 1 refused or
 * failed (the message says why, naming file and line where there is one), 2 usage error.
 *
 * On the embedded database a command that finds the data folder owned by another process runs
 * there instead (owner.ts, docs/adr/0005); `start` and `serve` refuse, since a server must own
 * its folder. The invocation is tried again while the owner is starting or stopping.
 */
import { execute, HeldElsewhere } from "./run";
import { runBeforeExit } from "./shutdown";

const write = (stream: NodeJS.WriteStream) => (text: string) => {
  stream.write(text);
};

/** How long to keep trying while the owner is starting up or giving the folder up. */
const OWNER_WAIT_MS = 30_000;

async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  let announced = false;
  for (;;) {
    try {
      return await execute(
        {
          argv,
          config: async () => (await import("@atalaya/config")).loadConfig(),
        },
        write(process.stdout),
        write(process.stderr),
      );
    } catch (error) {
      if (!(error instanceof HeldElsewhere)) throw error;
      const { owner, dataDir } = error;
      if (argv[0] === "start" || argv[0] === "serve") {
        process.stderr.write(
          `atalaya: ${error.message}.\n` +
            "  One process owns an embedded data folder; stop that one first (or wait for it to end),\n" +
            `  or give this server another folder (ATALAYA_DATA_DIR) or a Postgres server (DATABASE_URL).\n`,
        );
        return 1;
      }
      const { forward, OwnerUnreachable } = await import("./owner");
      try {
        if (!announced)
          process.stderr.write(
            `atalaya: running through \`${owner.command}\` (pid ${owner.pid}), which owns ${dataDir}\n`,
          );
        announced = true;
        return await forward(owner, argv);
      } catch (unreachable) {
        if (!(unreachable instanceof OwnerUnreachable)) throw unreachable;
        if (performance.now() - started > OWNER_WAIT_MS) {
          process.stderr.write(
            `atalaya: ${error.message}, and ${unreachable.message}.\n` +
              `  If that process is stuck, stop it (kill ${owner.pid}) and run the command again.\n`,
          );
          return 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }
}

main(process.argv.slice(2)).then(
  async (code) => {
    process.exitCode = code;
    // A command that opened the embedded database owns its folder until it gives it up, after
    // the commands other processes sent meanwhile have ended.
    await runBeforeExit();
  },
  (error: unknown) => {
    process.stderr.write(
      `atalaya: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
