/**
 * `atalaya ingest all` and the scheduled refresh: every configured source in dependency order,
 * each under a Postgres advisory lock named after it, so two processes (or a cron'd CLI and a
 * running server) never ingest one source at once. A failed source does not stop the later ones:
 * measurements can still refresh against yesterday's registry data. An optional source without
 * its credentials (Cloudflare Radar without a token) is listed as not configured, not failed.
 */
import type { Config } from "@atalaya/config";
import { withSourceLock } from "./lock-keys";
import type { IngestContext } from "./run-ingest";
import { runIngest } from "./run-ingest";
import { ingestApnic } from "./sources/apnic-labs";
import { asNamesSource } from "./sources/as-names";
import { asPopulationSource } from "./sources/as-population";
import { ingestRadar } from "./sources/cloudflare-radar";
import { delegatedSource } from "./sources/delegated";
import { googleAdoptionSource } from "./sources/google-adoption";
import { mrtSource, vrpSource } from "./sources/routing";

/** Where each source is fetched from: the configuration's `sources`. */
export type SourceUrls = Config["sources"];

export interface IngestAllOptions {
  /** The configuration's `credentials`: sources whose credential is missing are not run. */
  credentials?: Partial<Config["credentials"]>;
  /** Milliseconds between Radar requests (tests shorten it). */
  radarPaceMs?: number;
}

export type StepOutcome =
  | { source: string; outcome: "succeeded" | "unchanged"; runId: number; rows: number }
  | { source: string; outcome: "failed"; error: string }
  | { source: string; outcome: "skipped"; reason: string }
  | { source: string; outcome: "not-configured"; reason: string };

export { lockKey } from "./lock-keys";

export async function ingestAll(
  urls: SourceUrls,
  ctx: IngestContext,
  options: IngestAllOptions = {},
): Promise<StepOutcome[]> {
  const radarToken = options.credentials?.radarToken;
  const steps: Array<{
    source: string;
    /** Why the source cannot run here, when it cannot. */
    unconfigured?: string | undefined;
    run: () => Promise<{ status: "succeeded" | "unchanged"; runId: number; rows: number }>;
  }> = [
    { source: "delegated", run: () => runIngest(delegatedSource, { url: urls.delegatedUrl }, ctx) },
    { source: "asnames", run: () => runIngest(asNamesSource, { url: urls.asNamesUrl }, ctx) },
    { source: "aspop", run: () => runIngest(asPopulationSource, { url: urls.asPopulationUrl }, ctx) },
    { source: "apnic", run: () => ingestApnic({ base: urls.apnicBase }, ctx) },
    { source: "google", run: () => runIngest(googleAdoptionSource, { url: urls.googleUrl }, ctx) },
    // Routes and VRPs after the measurements: each publish revalidates every route against the VRPs.
    { source: "vrps", run: () => runIngest(vrpSource, { url: urls.vrpsUrl }, ctx) },
    { source: "mrt", run: () => runIngest(mrtSource(), { url: urls.mrtUrl }, ctx) },
    // Radar last: paced under Cloudflare's rate limit, the whole region takes about an hour, and
    // nothing depends on it.
    {
      source: "radar",
      unconfigured: radarToken
        ? undefined
        : "not configured: set ATALAYA_RADAR_TOKEN to include Cloudflare Radar",
      run: () =>
        ingestRadar(
          {
            base: urls.radarBase,
            token: radarToken,
            ...(options.radarPaceMs !== undefined ? { paceMs: options.radarPaceMs } : {}),
          },
          ctx,
        ),
    },
  ];
  const outcomes: StepOutcome[] = [];
  for (const step of steps) {
    if (step.unconfigured) {
      ctx.log.info(`${step.source}: ${step.unconfigured}`);
      outcomes.push({ source: step.source, outcome: "not-configured", reason: step.unconfigured });
      continue;
    }
    try {
      const locked = await withSourceLock(ctx.database, step.source, ctx.log, step.run);
      if (!locked.acquired) {
        ctx.log.warn(`${step.source}: another ingest of this source is running; skipped`);
        outcomes.push({
          source: step.source,
          outcome: "skipped",
          reason: "another ingest of this source is running",
        });
        continue;
      }
      const { status, runId, rows } = locked.value;
      outcomes.push({ source: step.source, outcome: status, runId, rows });
    } catch (error) {
      outcomes.push({ source: step.source, outcome: "failed", error: (error as Error).message });
    }
  }
  return outcomes;
}
