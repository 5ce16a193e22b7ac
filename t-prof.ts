import { openDatabase } from "@atalaya/db";
import { loadVrpIndex } from "@atalaya/ingest";
import { sql } from "drizzle-orm";
import { latestMeasurementDate, resolveParameters } from "./apps/api/src/lib/award-params";
import { computeBoard } from "./apps/api/src/lib/board";
import { economyShares } from "./apps/api/src/lib/economy-shares";

const db = await openDatabase({ dataDir: process.argv[2] });
await db.migrate();
let t = performance.now();
const lap = (l: string) => {
  console.log(l.padEnd(30), Math.round(performance.now() - t));
  t = performance.now();
};
await db.rows(sql`select 1`);
lap("open");
const d = await latestMeasurementDate(db);
lap(`latest ${d}`);
const { params } = await resolveParameters(db, {});
lap("params");
await economyShares(db, params);
lap("economyShares");
await computeBoard(db, params);
lap("board");
await loadVrpIndex(db);
lap("vrpIndex");
await db.rows(
  sql`select count(*) from daily_measurements where source='apnic' and date between '2023-10-05' and '2024-01-03'`,
);
lap("count 90d");
await db.close();
