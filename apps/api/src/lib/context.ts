import type { Logger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import type { VrpIndex } from "@atalaya/net";
import type { BoardCache, RunScopedCache } from "./board";
import type { DatasetInfo } from "./dataset";
import type { EconomyShares } from "./economy-shares";

export interface Services {
  database: Database;
  dataset: DatasetInfo;
  boards: BoardCache;
  shares: RunScopedCache<EconomyShares>;
  vrpIndexes: RunScopedCache<VrpIndex>;
  log: Logger;
}

/** Hono environment: services injected once per app, and the request id for the error envelope. */
export interface AppEnv {
  Variables: { services: Services; requestId: string };
}
