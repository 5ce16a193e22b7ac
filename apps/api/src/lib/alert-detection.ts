/**
 * Alert events after an ingest (@atalaya/alerts): the region's standings under the default award
 * parameters, evaluated here where the board is, handed to the detectors. Called by whatever ran
 * the ingest (`atalaya serve`'s schedule, `atalaya ingest`), and by the weekly summary schedule.
 */
import {
  type DeliveryContext,
  type DetectionInput,
  type DetectionResult,
  type DigestCadence,
  detectEvents,
  type StoredEvent,
  sendDigests,
  summariseEconomies,
} from "@atalaya/alerts";
import type { Logger } from "@atalaya/config";
import type { Database } from "@atalaya/db";
import { DEFAULT_PARAMETERS, METHOD_VERSION } from "@atalaya/metrics";
import { MIN_DAILY_SAMPLES } from "../routes/region-insights/daily-shares";
import { latestMeasurementDate } from "./award-params";
import { computeBoard } from "./board";

export interface AlertContext {
  log: Logger;
  /** ATALAYA_PUBLIC_URL, or the server's own address: the base of links in messages. */
  baseUrl: string;
  mailConfigured: boolean;
  now?: Date;
}

/** Every region network and organisation with its Jim Bound standing on the last measured day. */
export async function detectionInput(database: Database): Promise<DetectionInput> {
  const evaluationDate = await latestMeasurementDate(database);
  const params = {
    ...DEFAULT_PARAMETERS,
    evaluationDate: evaluationDate ?? new Date().toISOString().slice(0, 10),
  };
  const board = await computeBoard(database, params, METHOD_VERSION);
  const standing = (row: (typeof board.networks)[number] | (typeof board.providers)[number]) => ({
    state: row.state,
    share: row.share,
    lo: row.lo,
    hi: row.hi,
    samples: row.samples,
    days: row.days,
  });
  return {
    evaluationDate,
    threshold: params.threshold,
    networks: board.networks.map((n) => ({
      asn: n.asn,
      name: n.name,
      cc: n.cc,
      organisationId: n.organisationId,
      ...standing(n),
    })),
    organisations: board.providers.map((o) => ({
      id: o.id,
      name: o.name,
      cc: o.cc,
      asns: o.asns,
      ...standing(o),
    })),
  };
}

function delivery(options: AlertContext): DeliveryContext & { log: Logger } {
  return {
    log: options.log,
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    mailConfigured: options.mailConfigured,
    now: options.now ?? new Date(),
  };
}

/** Detects what the latest ingest changed and tells the subscribers (once across processes). */
export function detectAlertEvents(database: Database, options: AlertContext): Promise<DetectionResult> {
  return detectEvents(database, () => detectionInput(database), delivery(options));
}

/** The weekly summary of every region economy. */
export function summariseEconomiesNow(database: Database, options: AlertContext): Promise<StoredEvent[]> {
  return summariseEconomies(database, () => detectionInput(database), {
    ...delivery(options),
    minDailySamples: MIN_DAILY_SAMPLES,
  });
}

/** The daily or weekly digests due now. */
export function sendDigestsNow(
  database: Database,
  cadence: DigestCadence,
  options: AlertContext,
): Promise<number> {
  return sendDigests(database, cadence, delivery(options));
}
