/**
 * Accounts, the audit log and the Challenge checks from the command line: what an operator needs
 * before anyone can sign in (the first admin), and to verify the log or run checks by hand.
 */
import { AccountError, createUser, listAccounts, reinvite } from "@atalaya/accounts";
import { verifyAuditLog } from "@atalaya/audit";
import { runDueChecks, runEntryChecks } from "@atalaya/committee";
import { output } from "@atalaya/config";
import { roles, users } from "@atalaya/db";
import { IngestError } from "@atalaya/ingest";
import { eq } from "drizzle-orm";
import type { Command, Values } from "./command";
import { withDatabase } from "./context";
import { invitationLink } from "./invitation-link";

function list(values: Values, name: string): string[] {
  const v = values[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
}

/** Account problems are the operator's to fix: reported like any other command error. */
async function asCommandError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AccountError) throw new IngestError(error.message);
    throw error;
  }
}

export const committeeCommands: Record<string, Command> = {
  "users add": {
    summary: "Create an account and print its one-time invitation link (no password is ever set here)",
    usage: `--email E --role ${roles.join("|")} [--org registry:holder …] [--asn N …] [--name NAME] [--chair] [--country CC]`,
    options: {
      email: { type: "string" },
      role: { type: "string" },
      org: { type: "string", multiple: true },
      asn: { type: "string", multiple: true },
      name: { type: "string" },
      chair: { type: "boolean" },
      country: { type: "string" },
    },
    run: ({ values }, config) =>
      withDatabase(config, (database) =>
        asCommandError(async () => {
          if (typeof values.email !== "string") throw new IngestError("--email is required");
          const role = values.role as (typeof roles)[number];
          if (!roles.includes(role)) throw new IngestError(`--role must be one of ${roles.join(", ")}`);
          const asns = list(values, "asn").map((a) => {
            if (!/^(AS)?\d+$/i.test(a)) throw new IngestError(`--asn ${a} is not an AS number`);
            return Number(a.replace(/^AS/i, ""));
          });
          const { account, invitationToken } = await createUser(
            database,
            {
              email: values.email,
              role,
              displayName: values.name as string | undefined,
              organisations: list(values, "org"),
              asns,
              isChair: values.chair === true,
              country: values.country as string | undefined,
            },
            null,
          );
          output().stdout.write(
            `created ${account.role}${account.isChair ? " (chair)" : ""} ${account.email} (id ${account.id})\n` +
              `one-time sign-in link, valid 7 days — send it to the person, it sets their password:\n` +
              `  ${invitationLink(config, invitationToken)}\n`,
          );
          return 0;
        }),
      ),
  },
  "users invite": {
    summary: "Print a new invitation link for an account (earlier unused links stop working)",
    usage: "--email E",
    options: { email: { type: "string" } },
    run: ({ values }, config) =>
      withDatabase(config, (database) =>
        asCommandError(async () => {
          if (typeof values.email !== "string") throw new IngestError("--email is required");
          const [user] = await database.db
            .select()
            .from(users)
            .where(eq(users.email, values.email.toLowerCase()));
          if (!user) throw new IngestError(`no account for ${values.email}`);
          const token = await reinvite(database, user.id, null);
          output().stdout.write(`${invitationLink(config, token)}\n`);
          return 0;
        }),
      ),
  },
  "users list": {
    summary: "List accounts",
    usage: "",
    options: {},
    run: (_args, config) =>
      withDatabase(config, async (database) => {
        for (const a of await listAccounts(database))
          output().stdout.write(
            `${String(a.id).padStart(4)}  ${a.role.padEnd(9)} ${a.isChair ? "chair " : ""}${a.email}` +
              `${a.hasPassword ? "" : "  (invitation pending)"}` +
              `${a.organisations.length ? `  orgs=${a.organisations.join(",")}` : ""}${a.asns.length ? `  asns=${a.asns.join(",")}` : ""}\n`,
          );
        return 0;
      }),
  },
  "audit verify": {
    summary: "Check the audit log's hash chain; exit 1 naming each broken row",
    usage: "",
    options: {},
    run: (_args, config) =>
      withDatabase(config, async (database) => {
        const result = await verifyAuditLog(database);
        if (result.problems.length === 0) {
          output().stdout.write(`audit log intact: ${result.rows} rows, last hash ${result.lastHash}\n`);
          return 0;
        }
        for (const p of result.problems) output().stderr.write(`audit row ${p.id}: ${p.problem}\n`);
        output().stderr.write(
          `audit log BROKEN: ${result.problems.length} problem(s) in ${result.rows} rows\n`,
        );
        return 1;
      }),
  },
  "challenge check": {
    summary: "Run the IPv6 Challenge service checks now: one entry, or every entry in an open window",
    usage: "[--entry N]",
    options: { entry: { type: "string" } },
    run: ({ values }, config) =>
      withDatabase(config, async (database) => {
        if (values.entry !== undefined) {
          const id = Number(values.entry);
          if (!Number.isInteger(id)) throw new IngestError("--entry must be an entry id");
          const results = await runEntryChecks(database, id, config.checks);
          output().stdout.write(`entry ${id}: ${results} check results stored\n`);
        } else {
          const { entries, results } = await runDueChecks(database, config.checks);
          output().stdout.write(`${entries} entries in an open window checked: ${results} results stored\n`);
        }
        return 0;
      }),
  },
};
