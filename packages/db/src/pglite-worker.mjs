// The PGlite engine on a thread of its own (see pglite-thread.ts, which sends the messages).
// Plain JavaScript so that Node loads it as it is, from the sources, the CLI bundle or tests.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

const identity = (value) => value;
const PART_ROWS = 10_000;

/** An error as plain fields: Postgres errors keep their code, detail, constraint and position. */
function describe(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields = { name: error.name, message: error.message };
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === "string" || typeof value === "number") fields[key] = value;
  }
  return fields;
}

let db;
try {
  const { dataDir, pgliteWasmModule, initdbWasmModule, fsBundle } = workerData;
  db = await PGlite.create(dataDir ?? undefined, { pgliteWasmModule, initdbWasmModule, fsBundle });
  parentPort.postMessage({ type: "ready" });
} catch (error) {
  parentPort.postMessage({ type: "failed", error: describe(error) });
}

/** Large results still being sent in parts, by request id. */
const unsent = new Map();

function sendPart(id) {
  const pending = unsent.get(id);
  if (!pending) return;
  const { result, at } = pending;
  if (at >= result.rows.length) {
    unsent.delete(id);
    parentPort.postMessage({ id, result: { ...result, rows: [] } });
    return;
  }
  pending.at = at + PART_ROWS;
  parentPort.postMessage({ id, part: result.rows.slice(at, at + PART_ROWS) });
}

// One message at a time: the other side sends the next only after this one's answer.
parentPort.on("message", async (message) => {
  try {
    let result = null;
    if (message.op === "query") {
      const options = { rowMode: message.rowMode ?? "object" };
      // Drizzle asks for dates, timestamps, intervals and numerics as the text Postgres sends;
      // its parsers are identity functions, which cannot cross threads, so their type ids do.
      if (message.rawTypes.length > 0) {
        options.parsers = Object.fromEntries(message.rawTypes.map((oid) => [oid, identity]));
      }
      if (message.blob !== undefined) options.blob = new Blob([message.blob]);
      const r = await db.query(message.sql, message.params, options);
      result = { rows: r.rows, fields: r.fields, affectedRows: r.affectedRows };
      // COPY … TO '/dev/blob' answers with a blob: its text crosses the thread as one string.
      if (r.blob) result.text = await r.blob.text();
      if (r.rows.length > PART_ROWS) {
        // Large results go in parts, each sent when the other side asks for it ("more") after
        // reading the previous one: reading a million rows at once would stop the HTTP server
        // there for a second (a port delivers every queued message in one go).
        unsent.set(message.id, { result, at: 0 });
        sendPart(message.id);
        return;
      }
    } else if (message.op === "exec") {
      const results = await db.exec(message.sql);
      result = results.map((r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows }));
    } else if (message.op === "more") {
      sendPart(message.id);
      return;
    } else if (message.op === "close") {
      await db.close();
    }
    parentPort.postMessage({ id: message.id, result });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: describe(error) });
  }
});
