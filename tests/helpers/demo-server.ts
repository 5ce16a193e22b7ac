/**
 * The real server for browser tests: the dashboard built if it is stale, an embedded database
 * with the demo dataset, accounts that can sign in with PASSWORD, and startServer on a free port.
 */
import path from "node:path";
import { acceptInvitation, createUser, type NewUser } from "@atalaya/accounts";
import { type AppOptions, type RunningServer, startServer } from "@atalaya/api";
import { buildWeb, WEB_DIST, webBuildIsStale } from "@atalaya/cli/web-build";
import { silentLogger } from "@atalaya/config";
import { type Database, openDatabase } from "@atalaya/db";
import { loadDemo } from "@atalaya/demo";
import { PASSWORD } from "./committee";
import { tempDir, testContext } from "./ingest";

export async function startDemoServer(
  accounts: NewUser[],
  options: Partial<AppOptions> = {},
): Promise<{ database: Database; server: RunningServer }> {
  if (webBuildIsStale()) buildWeb(silentLogger);
  const database = await openDatabase({});
  await database.migrate();
  await loadDemo(path.join(tempDir(), "demo"), testContext(database));
  for (const account of accounts) {
    const { invitationToken } = await createUser(database, account, null);
    await acceptInvitation(database, invitationToken, PASSWORD);
  }
  const server = await startServer({
    log: silentLogger,
    ...options,
    database,
    host: "127.0.0.1",
    port: 0,
    webDist: WEB_DIST,
  });
  return { database, server };
}
