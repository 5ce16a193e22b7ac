/**
 * A committee history for the scale benchmark (issue: "a committee history: 10 cycles, 200
 * Challenge entries with check history, scores, and an audit log of 100k rows"; the CI slice uses
 * 1/20 of it). Everything goes through the library the API and the CLI use (accounts, cycles,
 * entries, reports, scores, conflicts, outcomes, releases, Jim Bound decisions), so every change
 * has its audit row and `atalaya audit verify` passes afterwards. Three things do not, each said
 * where it happens: recorded service-check results, the award cycles' rows (created as the demo
 * creates its own: the library has no call for it), and the bulk of the audit log's score
 * revisions.
 *
 * Calendars lie in the past before `now`, one cycle every half year; every cycle is released
 * except the newest, left in its review period. The library takes the moment of registration,
 * uploads and release as an argument, so those carry dates of the cycle's own calendar; rows the
 * library stamps itself (audit `at`, score and vote times) carry the time of loading.
 */
import { type Account, createUser } from "@atalaya/accounts";
import { jimBoundBoard, latestMeasurementDate } from "@atalaya/api";
import { type AuditEvent, appendAuditBatch } from "@atalaya/audit";
import {
  addComment,
  addService,
  CRITERIA,
  type Criterion,
  type Cycle,
  castVote,
  conflictsOf,
  createCycle,
  DEFAULT_REPORT_MAX_BYTES,
  type DeclaredService,
  decide,
  declareConflict,
  type Entry,
  nominate,
  registerEntry,
  releaseAward,
  releaseCycle,
  scoreTable,
  setOutcome,
  submitScore,
  uploadReport,
} from "@atalaya/committee";
import {
  auditLog,
  awardCycles,
  type Database,
  dailyMeasurements,
  entryServices,
  organisations,
  registryResources,
  reviewScores,
  type ServiceKind,
  serviceChecks,
} from "@atalaya/db";
import { Random } from "@atalaya/demo";
import { addDays, DEFAULT_PARAMETERS, METHOD_VERSION } from "@atalaya/metrics";
import { and, asc, count, eq, inArray, isNotNull, min } from "drizzle-orm";

export interface CommitteeHistoryOptions {
  cycles: number;
  entriesPerCycle: number;
  /** Rows the audit log should hold in all when done (more only if the history alone needs more). */
  auditRows: number;
  /** The moment the history leads up to (default: now). */
  now?: Date;
}

export const COMMITTEE_SEED = 20261203;

const DAY = 86_400_000;
/** Two Challenge cycles a year. */
const CYCLE_SPACING_DAYS = 182;
const COMMITTEE = [
  { name: "Lucía Fernández", country: "UY", chair: true },
  { name: "João Pereira", country: "BR" },
  { name: "María José Rojas", country: "CL" },
  { name: "Andrés Gómez", country: "CO" },
  { name: "Carmen Villalobos", country: "MX" },
  { name: "Diego Quispe", country: "PE" },
  { name: "Sofía Benítez", country: "AR" },
] as const;
const FIRST_NAMES = ["Ana", "Bruno", "Camila", "Daniel", "Elena", "Felipe", "Gabriela", "Héctor", "Inés"];
const REVIEW_REMARKS = [
  "Clear deployment plan, well documented.",
  "The web site is reachable over IPv6; mail is not yet.",
  "Impressive for a network of this size.",
  "Replicable by other small ISPs in the region.",
  "The report lacks traffic figures.",
  "Good use of the deployment window.",
  "Customer-facing IPv6 is the real achievement here.",
  "DNS over IPv6 only on one of the name servers.",
];
const THREAD = [
  "Did anyone check whether the mail service came up after the window?",
  "The checks show AAAA from the second week on.",
  "I would like to see the CPE numbers before deciding.",
  "Agreed, this is a finalist for me.",
  "Their report explains the dual-stack rollout well.",
  "Lower score from me on replicability: the setup depends on their vendor.",
];

function shuffled<T>(rng: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const clampScore = (v: number) => Math.min(5, Math.max(1, Math.round(v)));
const at = (base: Date, days: number) => new Date(base.getTime() + days * DAY);

/** A host-name label for an organisation: `lacnic:AR-ABCD-LACNIC` → `org-ar-abcd-lacnic`. */
function slugOf(organisationId: string): string {
  const holder = organisationId.slice(organisationId.indexOf(":") + 1);
  const label = holder
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `org-${label}`.slice(0, 63).replace(/-+$/, "");
}

interface Participant {
  id: string;
  cc: string | null;
  asns: number[];
  slug: string;
  /** Documentation prefix of the organisation's services (2001:db8::/32). */
  prefix: string;
  account: Account;
}

/**
 * The organisations that enter: the given ones that hold ASNs (registration needs them), taken
 * round-robin across economies so entries come from many countries. Enough for organisations to
 * come back in later cycles, as they do.
 */
async function participants(
  database: Database,
  organisations: Array<{ id: string; cc: string | null }>,
  options: CommitteeHistoryOptions,
  rng: Random,
) {
  const held = await database.db
    .select({
      registry: registryResources.registry,
      holderId: registryResources.holderId,
      asn: registryResources.asn,
    })
    .from(registryResources)
    .where(
      and(
        eq(registryResources.type, "asn"),
        isNotNull(registryResources.holderId),
        isNotNull(registryResources.asn),
      ),
    );
  const asnsOf = new Map<string, number[]>();
  for (const r of held) {
    const id = `${r.registry}:${r.holderId}`;
    asnsOf.set(id, [...(asnsOf.get(id) ?? []), r.asn as number]);
  }
  const candidates = [...organisations]
    .filter((o) => asnsOf.has(o.id))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (candidates.length < options.entriesPerCycle)
    throw new Error(
      `only ${candidates.length} of the organisations hold ASNs; ${options.entriesPerCycle} entries per cycle need as many`,
    );
  const byCountry = new Map<string, typeof candidates>();
  for (const o of candidates) byCountry.set(o.cc ?? "", [...(byCountry.get(o.cc ?? "") ?? []), o]);
  const queues = [...byCountry.keys()].sort().map((cc) => shuffled(rng, byCountry.get(cc) ?? []));
  const size = Math.min(
    candidates.length,
    Math.max(options.entriesPerCycle, Math.ceil((options.cycles * options.entriesPerCycle) / 3)),
  );
  const pool: typeof candidates = [];
  while (pool.length < size)
    for (const queue of queues) {
      const next = queue.shift();
      if (next && pool.length < size) pool.push(next);
    }
  return pool.map((o, i) => ({
    ...o,
    asns: (asnsOf.get(o.id) ?? []).sort((a, b) => a - b),
    slug: slugOf(o.id),
    prefix: `2001:db8:${(i + 1).toString(16)}`,
  }));
}

async function createAccounts(database: Database, pool: Omit<Participant, "account">[]) {
  // The first admin is created from the command line (`atalaya users add`): no actor.
  const { account: admin } = await createUser(
    database,
    { email: "admin@atalaya.example", role: "admin", displayName: "Atalaya admin" },
    null,
  );
  const committee: Account[] = [];
  for (const [i, m] of COMMITTEE.entries()) {
    const affiliated = i === COMMITTEE.length - 1 ? pool[0] : undefined;
    const { account } = await createUser(
      database,
      {
        email: `member${i + 1}@flip6.example`,
        role: "committee",
        displayName: m.name,
        isChair: "chair" in m,
        // One member works for an entrant: the usual organisation conflict of interest.
        country: affiliated?.cc ?? m.country,
        organisations: affiliated ? [affiliated.id] : [],
      },
      admin.id,
    );
    committee.push(account);
  }
  const members: Participant[] = [];
  for (const o of pool) {
    const { account } = await createUser(
      database,
      { email: `noc@${o.slug}.example`, role: "isp", displayName: `NOC ${o.id}`, organisations: [o.id] },
      admin.id,
    );
    members.push({ ...o, account });
  }
  return { admin, chair: committee[0] as Account, committee, members };
}

/** The calendar of cycle `k` of `n` (oldest first); the newest is in review at `now`. */
function calendar(k: number, n: number, now: Date) {
  const windowStartsAt = at(now, -(n - 1 - k) * CYCLE_SPACING_DAYS - 40);
  return {
    name: `IPv6 Challenge ${windowStartsAt.toISOString().slice(0, 7)}`,
    registrationOpensAt: at(windowStartsAt, -30),
    registrationClosesAt: at(windowStartsAt, -2),
    windowStartsAt,
    windowDays: 30,
    reportDeadlineAt: at(windowStartsAt, 30),
    reviewEndsAt: at(windowStartsAt, 60),
    releaseAt: at(windowStartsAt, 75),
    // Some cycles treat a reviewer from the entry's economy as conflicted.
    countryConflicts: k % 3 === 1,
  };
}

function declaredServices(rng: Random, p: Participant): DeclaredService[] {
  const domain = `${p.slug}.example`;
  const all: DeclaredService[] = [
    { kind: "web", host: rng.chance(0.5) ? `https://www.${domain}/` : `www.${domain}` },
    { kind: "mail", host: domain },
    { kind: "dns", host: domain },
    { kind: "other", host: rng.chance(0.5) ? `vpn.${domain}:443` : `ntp.${domain}` },
  ];
  return [all[0] as DeclaredService, ...shuffled(rng, all.slice(1)).slice(0, rng.int(0, 2))];
}

type CheckRow = typeof serviceChecks.$inferInsert;

/**
 * What the check runner would have recorded for one service at one moment, in its own words
 * (packages/service-checks/src/checks.ts): `ready` says whether IPv6 was up by then.
 */
function recordedChecks(
  rng: Random,
  service: { id: number; entryId: number; kind: ServiceKind; host: string },
  p: Participant,
  checkedAt: Date,
  ready: boolean,
): CheckRow[] {
  const rows: CheckRow[] = [];
  const push = (check: string, target: string, outcome: "pass" | "warn" | "fail", detail: string) =>
    rows.push({ entryId: service.entryId, serviceId: service.id, checkedAt, check, target, outcome, detail });
  const address = `${p.prefix}::${service.id.toString(16)}`;
  const aaaa = (check: string, host: string) => {
    if (ready) push(check, host, "pass", address);
    else push(check, host, "fail", "no AAAA record");
    return ready;
  };
  if (service.kind === "web") {
    const url = new URL(/^https?:\/\//.test(service.host) ? service.host : `https://${service.host}/`);
    if (!aaaa("aaaa", url.hostname)) return rows;
    const via = `[${address}]:443`;
    push("tcp6", via, "pass", `connected in ${rng.int(8, 180)} ms`);
    const answer = `HTTP 200, ${rng.int(2_000, 90_000)} bytes, text/html; charset=utf-8`;
    push("http6", `${url.href} via ${via}`, "pass", answer);
    if (rng.chance(0.8)) push("same-answer", url.href, "pass", `identical answers: ${answer}`);
    else
      push(
        "same-answer",
        url.href,
        "warn",
        "same status 200, different bodies (IPv6 18214 bytes, IPv4 18302 bytes)",
      );
  } else if (service.kind === "mail") {
    const exchange = `mail.${service.host}`;
    push("mx", service.host, "pass", exchange);
    if (aaaa("mx-aaaa", exchange))
      push("smtp6", `[${address}]:25`, "pass", `banner: 220 ${exchange} ESMTP Postfix`);
  } else if (service.kind === "dns") {
    const servers = [`ns1.${service.host}`, `ns2.${service.host}`];
    push("ns", service.host, "pass", servers.join(", "));
    for (const server of servers)
      if (aaaa("ns-aaaa", server))
        push(
          "dns6",
          `[${address}]:53`,
          "pass",
          `SOA ${servers[0]} serial ${checkedAt.getUTCFullYear()}010101`,
        );
  } else {
    const [name, port] = service.host.split(":") as [string, string | undefined];
    if (aaaa("aaaa", name) && port)
      push("tcp6", `[${address}]:${port}`, "pass", `connected in ${rng.int(8, 180)} ms`);
  }
  return rows;
}

interface Scored {
  entryId: number;
  reviewer: Account;
  scores: Record<Criterion, number>;
  comments: Record<string, string>;
}

/** Registration, services, reports and the check history of one cycle's entries. */
async function enterCycle(
  database: Database,
  rng: Random,
  cycle: Cycle,
  members: Participant[],
  entriesPerCycle: number,
) {
  const entries: Array<{ entry: Entry; participant: Participant; quality: number }> = [];
  for (const p of shuffled(rng, members).slice(0, entriesPerCycle)) {
    const contact = rng.pick(FIRST_NAMES);
    const entry = await registerEntry(
      database,
      p.account,
      {
        cycleId: cycle.id,
        organisationId: p.id,
        asns: shuffled(rng, p.asns).slice(0, rng.int(1, Math.min(3, p.asns.length))),
        contacts: [{ name: contact, email: `${contact.toLowerCase()}@${p.slug}.example` }],
        services: declaredServices(rng, p),
      },
      at(cycle.registrationOpensAt, rng.int(0, 27) + rng.next()),
    );
    // Some add a service once the window is open.
    if (rng.chance(0.3))
      await addService(
        database,
        p.account,
        entry,
        { kind: "other", host: `portal.${p.slug}.example` },
        at(cycle.windowStartsAt, rng.int(1, 20)),
      );
    if (rng.chance(0.85)) {
      const body = `# ${entry.name}: our IPv6 month\n\nDual stack on the access network and the web site.\n`;
      await uploadReport(
        database,
        p.account,
        entry.id,
        { name: "final-report.md", bytes: new TextEncoder().encode(body) },
        { maxBytes: DEFAULT_REPORT_MAX_BYTES, now: at(cycle.windowStartsAt, rng.int(20, 29) + rng.next()) },
      );
    }
    entries.push({ entry, participant: p, quality: 1.5 + rng.next() * 3.3 });
  }

  // The runner (runEntryChecks) probes DNS and the services and inserts each result as a row;
  // it has no separate recording step to call. A history must not touch the network, so the
  // results are written as the runner writes them, for a few days of the window.
  const byId = new Map(entries.map((e) => [e.entry.id, e.participant]));
  const services = await database.db
    .select()
    .from(entryServices)
    .where(
      inArray(
        entryServices.entryId,
        entries.map((e) => e.entry.id),
      ),
    )
    .orderBy(asc(entryServices.id));
  const rows: CheckRow[] = [];
  for (const service of services) {
    const p = byId.get(service.entryId) as Participant;
    const runs = rng.int(3, 5);
    const readyFrom = rng.int(0, runs); // runs: never ready within the window
    for (let i = 0; i < runs; i++) {
      const checkedAt = at(cycle.windowStartsAt, 1 + Math.floor((i * 28) / runs) + rng.next());
      rows.push(...recordedChecks(rng, service, p, checkedAt, i >= readyFrom));
    }
  }
  for (let i = 0; i < rows.length; i += 1_000)
    await database.db.insert(serviceChecks).values(rows.slice(i, i + 1_000));
  return entries;
}

/** Conflicts, scores and the discussion of one cycle, through the reviewers' own calls. */
async function reviewCycle(
  database: Database,
  rng: Random,
  cycle: Cycle,
  entries: Array<{ entry: Entry; quality: number }>,
  committee: Account[],
  reviewersPerEntry: [number, number],
): Promise<Scored[]> {
  const scored: Scored[] = [];
  const score = async (reviewer: Account, entry: Entry, quality: number) => {
    const scores = Object.fromEntries(
      CRITERIA.map((c) => [c, clampScore(quality + (rng.next() - 0.5) * 2)]),
    ) as Record<Criterion, number>;
    const comments: Record<string, string> = rng.chance(0.6) ? { overall: rng.pick(REVIEW_REMARKS) } : {};
    await submitScore(database, reviewer, entry.id, { ...scores, comments });
    return { entryId: entry.id, reviewer, scores, comments };
  };
  for (const { entry, quality } of entries) {
    const free: Account[] = [];
    for (const member of committee)
      if ((await conflictsOf(database, cycle, entry, member)).length === 0) free.push(member);
    const reviewers = shuffled(rng, free).slice(0, rng.int(...reviewersPerEntry));
    // Now and then a reviewer declares a conflict: before scoring, or after (the score is withdrawn).
    const declaring = reviewers.length > 1 && rng.chance(0.08) ? reviewers.pop() : undefined;
    const declaresFirst = rng.chance(0.5);
    if (declaring && declaresFirst)
      await declareConflict(database, declaring, entry.id, "I advised this network on its deployment.");
    for (const reviewer of reviewers) scored.push(await score(reviewer, entry, quality));
    if (declaring && !declaresFirst) {
      await score(declaring, entry, quality);
      await declareConflict(database, declaring, entry.id, "Their CTO is a former colleague of mine.");
    }
    for (let i = reviewers.length ? rng.int(0, 3) : 0; i > 0; i--)
      await addComment(database, rng.pick(reviewers), entry.id, rng.pick(THREAD));
  }
  return scored;
}

/**
 * Reviewers revising their scores while the review is open, `revisions` times, recorded as
 * `submitScore` records them (the score row upserted, a `score.update` audit row with the same
 * detail). Through `submitScore` itself that is ~10 ms a call on PGlite (≈ 16 min for 100k), and
 * even the audit package's `appendAudit` in a loop inside one transaction takes ~2.4 ms a row
 * (≈ 4 min). So the revisions go through `appendAuditBatch`, which extends the same hash chain
 * with the same row builder in multi-row INSERTs (100k rows ≈ 13 s), in the transaction that
 * upserts each revised score's last value.
 */
async function reviseScores(database: Database, rng: Random, scored: Scored[], revisions: number) {
  const CHUNK = 5_000;
  for (let done = 0; done < revisions; done += CHUNK) {
    const events: AuditEvent[] = [];
    const revised = new Set<Scored>();
    for (let i = done; i < Math.min(revisions, done + CHUNK); i++) {
      const s = rng.pick(scored);
      for (const c of shuffled(rng, CRITERIA).slice(0, rng.int(1, 2)))
        s.scores[c] = clampScore(s.scores[c] + (rng.chance(0.5) ? 1 : -1));
      if (rng.chance(0.3)) s.comments = { overall: rng.pick(REVIEW_REMARKS) };
      revised.add(s);
      events.push({
        actorId: s.reviewer.id,
        action: "score.update",
        subjectKind: "challenge-entry",
        subjectId: s.entryId,
        detail: { scores: { ...s.scores }, comments: { ...s.comments } },
      });
    }
    await database.db.transaction(async (tx) => {
      for (const s of revised) {
        const row = {
          entryId: s.entryId,
          reviewerId: s.reviewer.id,
          ...s.scores,
          comments: s.comments,
          submittedAt: new Date(),
        };
        await tx
          .insert(reviewScores)
          .values(row)
          .onConflictDoUpdate({ target: [reviewScores.entryId, reviewScores.reviewerId], set: row });
      }
      await appendAuditBatch(tx, events);
    });
  }
}

/** The chair marks finalists from the table, then promotes the best to winners. */
async function decideCycle(database: Database, chair: Account, cycleId: number, entries: number) {
  const table = (await scoreTable(database, chair, cycleId))
    .filter((r) => r.total !== null)
    .sort((a, b) => (b.total ?? 0) - (a.total ?? 0) || a.entryId - b.entryId);
  const winners = Math.max(1, Math.round(entries / 10));
  const finalists = table.slice(0, winners + Math.max(1, Math.round(entries / 5)));
  for (const row of finalists) await setOutcome(database, chair, row.entryId, "finalist");
  for (const row of finalists.slice(0, winners)) await setOutcome(database, chair, row.entryId, "winner");
}

const auditCount = async (database: Database) =>
  (await database.db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;

/**
 * Jim Bound award cycles, one a year back from the last measured day: the chair nominates from
 * the cycle's board with evidence frozen as the nomination route freezes it, members vote (some
 * change their minds), the chair decides with the evidence frozen again, and releases.
 */
async function jimBoundHistory(
  database: Database,
  rng: Random,
  chair: Account,
  committee: Account[],
  wanted: number,
): Promise<number[]> {
  const latest = await latestMeasurementDate(database);
  if (latest === null) throw new Error("no measurements loaded: a Jim Bound cycle needs a board");
  // A year further back only where the measurements reach that far (the board would be empty).
  const [span] = await database.db
    .select({ first: min(dailyMeasurements.date) })
    .from(dailyMeasurements)
    .where(eq(dailyMeasurements.source, "apnic"));
  const measuredDays = span?.first ? (Date.parse(latest) - Date.parse(span.first)) / DAY : 0;
  const years = Math.max(
    1,
    Math.min(wanted, Math.floor((measuredDays - DEFAULT_PARAMETERS.windowDays) / 365) + 1),
  );
  const jimBound = jimBoundBoard(database);
  const ids: number[] = [];
  for (let y = years - 1; y >= 0; y--) {
    const evaluationDate = addDays(latest, -365 * y);
    const [cycle] = await database.db
      .insert(awardCycles)
      .values({
        name: `Jim Bound ${evaluationDate.slice(0, 4)}`,
        award: "jim-bound",
        ...DEFAULT_PARAMETERS,
        evaluationDate,
        methodVersion: METHOD_VERSION,
      })
      .returning();
    if (!cycle) throw new Error("insert returned no row");
    ids.push(cycle.id);
    const board = await jimBound.board(cycle.id);
    // The chair picks among the ten best of a state, as one reads the board from the top.
    const best = <T extends { share: number | null; state: string }>(rows: T[], n: number, state?: string) =>
      shuffled(
        rng,
        rows
          .filter((r) => r.share !== null && (state === undefined || r.state === state))
          .sort((a, b) => (b.share as number) - (a.share as number))
          .slice(0, 10),
      ).slice(0, n);
    const providers = board.providers.filter((o) => o.asns.length >= 2);
    const organisationsNominated = best(providers, 2, "eligible");
    const networksNominated = best(board.networks, 1, "eligible");
    const subjects = [
      ...(organisationsNominated.length ? organisationsNominated : best(providers, 2)).map((o) => ({
        kind: "organisation" as const,
        id: o.id,
      })),
      ...(networksNominated.length ? networksNominated : best(board.networks, 1)).map((n) => ({
        kind: "network" as const,
        id: String(n.asn),
      })),
      ...best(board.networks, 1, "borderline").map((n) => ({ kind: "network" as const, id: String(n.asn) })),
    ];
    if (subjects.length === 0) throw new Error(`the board of ${cycle.name} has no subject with a share`);
    for (const [i, subject] of subjects.entries()) {
      const frozen = await jimBound.evidence(cycle.id, subject);
      const nomination = await nominate(database, chair, {
        awardCycleId: cycle.id,
        subjectKind: subject.kind,
        subjectId: subject.id,
        name: frozen.name,
        evidence: frozen.evidence,
        pack: frozen.pack,
      });
      const strong = frozen.evidence.values.state === "eligible";
      for (const member of committee) {
        if (frozen.organisationId !== null && member.organisations.includes(frozen.organisationId)) continue;
        const vote = (): "yes" | "no" | "abstain" =>
          rng.chance(0.05) ? "abstain" : rng.chance(strong ? 0.85 : 0.3) ? "yes" : "no";
        await castVote(
          database,
          member,
          nomination.id,
          vote(),
          rng.chance(0.3) ? rng.pick(REVIEW_REMARKS) : "",
        );
        if (rng.chance(0.15))
          await castVote(database, member, nomination.id, vote(), "Changed after discussion.");
      }
      // The first nomination is awarded whatever the board says, so every cycle has a result.
      const outcome = i === 0 || strong ? "awarded" : "declined";
      const again = await jimBound.evidence(cycle.id, subject, "decision");
      await decide(
        database,
        chair,
        nomination.id,
        outcome,
        outcome === "awarded" ? "Above the threshold over the whole window." : "Not clearly above the line.",
        again.evidence,
        again.pack,
      );
    }
    await releaseAward(database, chair, cycle.id);
  }
  return ids;
}

export async function loadCommitteeHistory(
  database: Database,
  organisations: Array<{ id: string; cc: string | null }>,
  options: CommitteeHistoryOptions,
): Promise<{ challengeCycleIds: number[]; awardCycleIds: number[]; entries: number; auditRows: number }> {
  const { cycles, entriesPerCycle, auditRows } = options;
  if (!Number.isInteger(cycles) || cycles < 1) throw new Error("cycles: a whole number, at least 1");
  if (!Number.isInteger(entriesPerCycle) || entriesPerCycle < 1)
    throw new Error("entriesPerCycle: a whole number, at least 1");
  if (!Number.isInteger(auditRows) || auditRows < 0) throw new Error("auditRows: a whole number, at least 0");
  const now = options.now ?? new Date();
  const rng = new Random(COMMITTEE_SEED);

  const pool = await participants(database, organisations, options, rng);
  const { admin, chair, committee, members } = await createAccounts(database, pool);

  // What the history itself writes to the audit log, roughly: the rest are score revisions, most
  // of them during the released cycles' reviews and the exact remainder in the open one.
  const historyRows = (await auditCount(database)) + cycles * (entriesPerCycle * 8 + 10) + 100;
  const revisionsPerCycle = Math.floor((0.9 * Math.max(0, auditRows - historyRows)) / cycles);

  const challengeCycleIds: number[] = [];
  let open: Scored[] = [];
  for (let k = 0; k < cycles; k++) {
    const newest = k === cycles - 1;
    const cycle = await createCycle(database, calendar(k, cycles, now), admin);
    challengeCycleIds.push(cycle.id);
    const entries = await enterCycle(database, rng, cycle, members, entriesPerCycle);
    const scored = await reviewCycle(database, rng, cycle, entries, committee, newest ? [2, 3] : [3, 5]);
    if (newest) open = scored;
    else {
      if (scored.length && revisionsPerCycle) await reviseScores(database, rng, scored, revisionsPerCycle);
      await decideCycle(database, chair, cycle.id, entriesPerCycle);
      await releaseCycle(database, cycle.id, chair, at(cycle.releaseAt, rng.int(0, 6) + rng.next()));
    }
  }

  const awardCycleIds = await jimBoundHistory(database, rng, chair, committee, cycles >= 3 ? 2 : 1);

  const remainder = auditRows - (await auditCount(database));
  if (remainder > 0) {
    if (open.length === 0) throw new Error("the open cycle has no scores to revise");
    await reviseScores(database, rng, open, remainder);
  }
  return {
    challengeCycleIds,
    awardCycleIds,
    entries: cycles * entriesPerCycle,
    auditRows: await auditCount(database),
  };
}

/** The committee history (10 cycles, 200 entries, 100k audit rows), scaled like the dataset. */
export function scaleCommitteeOptions(fraction: number): CommitteeHistoryOptions {
  return {
    cycles: Math.max(3, Math.round(10 * fraction)),
    entriesPerCycle: Math.max(4, Math.round(20 * fraction)),
    auditRows: Math.round(100_000 * fraction),
  };
}

/** The committee history over the organisations a loaded registry file names. */
export async function loadScaleCommittee(database: Database, fraction: number) {
  const orgs = await database.db
    .select({ registry: organisations.registry, holderId: organisations.holderId, cc: organisations.cc })
    .from(organisations);
  return loadCommitteeHistory(
    database,
    orgs.map((o) => ({ id: `${o.registry}:${o.holderId}`, cc: o.cc })),
    scaleCommitteeOptions(fraction),
  );
}
