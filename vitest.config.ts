import { defineConfig } from "vitest/config";

// Two projects: `unit` (pure code, beside its source) and `integration` (databases, HTTP, CLI;
// under tests/). Integration files run on PGlite, and also on the server named by DATABASE_URL.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.{ts,tsx}"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
