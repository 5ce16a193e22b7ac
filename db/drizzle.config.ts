import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes a new SQL migration here after a schema change; start-up applies them.
export default defineConfig({
  dialect: "postgresql",
  schema: "./packages/db/src/schema/index.ts",
  out: "./db/migrations",
});
