import type { Session, SignInThrottle } from "@atalaya/accounts";
import type { BeaconService } from "@atalaya/beacon";
import type { InputLimits, Logger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import type { CheckSettings } from "@atalaya/service-checks";
import type { BoardCache, RunScopedCache } from "./board";
import type { DatasetInfo, Meta } from "./dataset";
import type { EconomyShares } from "./economy-shares";
import type { ResponseCache } from "./http-cache";

export interface Services {
  database: Database;
  dataset: DatasetInfo;
  boards: BoardCache;
  shares: RunScopedCache<EconomyShares>;
  log: Logger;
  /** ATALAYA_PUBLIC_URL's origin: where writes must come from; null: see lib/public-origin.ts. */
  publicOrigin: string | null;
  /** ATALAYA_PUBLIC_URL: the base of absolute links (invitations, badges); null: none configured. */
  publicUrl: string | null;
  /** Failed sign-ins per e-mail and client address, shared by every process on the database. */
  signInThrottle: SignInThrottle;
  /** Reverse proxies whose X-Forwarded-For entries name the client (0: the socket's address). */
  trustedProxies: number;
  /** Rendered public data responses of the current data version (null: none kept). */
  responses: ResponseCache | null;
  reportMaxBytes: number;
  /** How far an uploaded CSV may inflate and its longest line, as for `atalaya ingest`. */
  inputLimits: InputLimits;
  checkSettings: CheckSettings;
  /** Whether SMTP is configured (ATALAYA_SMTP_URL): e-mail is queued to send, or stored as not configured. */
  mailConfigured: boolean;
  uploadDir: string | undefined;
  /** Atalaya's own measurement, when this process runs it (ATALAYA_BEACON_*_HOST); null: not here. */
  beacon: BeaconService | null;
}

/** Hono environment: services injected once per app, and the request id for the error envelope. */
export interface AppEnv {
  Variables: {
    services: Services;
    requestId: string;
    session: Session | null;
    /** The data version and meta, when the request looked them up (public data): reused, not re-read. */
    dataState: { meta: Meta; version: string } | undefined;
  };
}
