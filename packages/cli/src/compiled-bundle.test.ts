/**
 * The CLI's compiled bundle (bin/compiled.js): rebuilt whenever a source changed, never stale,
 * refusing what it cannot bundle faithfully. Runs on a small project of its own in a temp dir.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildBundle, compiledEntry, freshBundle } from "../bin/compiled.js";

let root: string;
let options: { root: string; entry: string; cacheDir: string };
let clock = Date.now() - 60_000;

/** Writes a file dated in the past (later each time), as an edit made before the build started. */
function write(relative: string, text: string): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  clock += 1000;
  utimesSync(file, clock / 1000, clock / 1000);
}

async function run(entry: string): Promise<Record<string, unknown>> {
  return import(`${pathToFileURL(entry).href}?${Math.random()}`);
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "atalaya-bundle-"));
  options = { root, entry: path.join(root, "packages/app/src/main.ts"), cacheDir: path.join(root, "cache") };
  write("tsconfig.json", "{}");
  write("packages/app/package.json", '{"name": "app", "type": "module"}');
  write("packages/app/src/value.ts", "export const value: number = 1;\n");
  write(
    "packages/app/src/main.ts",
    'import { value } from "./value";\nexport { value };\nexport const here: string = import.meta.url;\n',
  );
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("compiled bundle", () => {
  it("builds once, then reuses the build until a source changes", async () => {
    expect(freshBundle(options)).toBeNull();
    const first = await compiledEntry(options);
    expect(first).not.toBeNull();
    expect(freshBundle(options)).toBe(first);
    const module = await run(first as string);
    expect(module.value).toBe(1);
    // import.meta.url still names the source, not the chunk.
    expect(module.here).toBe(pathToFileURL(path.join(root, "packages/app/src/main.ts")).href);

    write("packages/app/src/value.ts", "export const value: number = 2;\n");
    expect(freshBundle(options)).toBeNull();
    const second = await compiledEntry(options);
    expect(second).not.toBe(first);
    expect((await run(second as string)).value).toBe(2);
  });

  it("rebuilds when a file it was built from disappears, or tsconfig.json changes", async () => {
    await compiledEntry(options);
    write("tsconfig.json", '{"compilerOptions": {}}');
    expect(freshBundle(options)).toBeNull();
    await compiledEntry(options);
    expect(freshBundle(options)).not.toBeNull();
    rmSync(path.join(root, "packages/app/src/value.ts"));
    expect(freshBundle(options)).toBeNull();
    // The sources no longer compile: no bundle, and the caller runs them through tsx instead.
    expect(await compiledEntry(options)).toBeNull();
  });

  it("does not hand out a recorded build whose files are gone", async () => {
    const entry = (await compiledEntry(options)) as string;
    rmSync(path.dirname(entry), { recursive: true });
    expect(freshBundle(options)).toBeNull();
    expect(await compiledEntry(options)).not.toBeNull();
  });

  it("does not record a build whose inputs changed while it ran", async () => {
    writeFileSync(path.join(root, "packages/app/src/value.ts"), "export const value: number = 3;\n");
    const entry = await buildBundle(options);
    expect((await run(entry)).value).toBe(3);
    expect(freshBundle(options)).toBeNull();
  });

  it("refuses an import kept only for its side effects, which bundling would drop", async () => {
    write("packages/app/src/setup.ts", "(globalThis as Record<string, unknown>).ready = true;\n");
    write("packages/app/src/main.ts", 'import "./setup";\nexport const value = 1;\n');
    await expect(buildBundle(options)).rejects.toThrow(/side-effect import/);
    expect(await compiledEntry(options)).toBeNull();
  });
});
