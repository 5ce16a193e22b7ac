/**
 * The CLI's compiled bundle (docs/adr/0003): esbuild bundles the CLI's TypeScript and the
 * workspace packages it imports into node_modules/.cache/atalaya-cli/, one chunk per command
 * group, and rebuilds it whenever a file it was built from has changed, so the command starts in
 * a fraction of the time tsx needs to transform every file at each start, and never runs code
 * older than its sources.
 *
 * Plain JavaScript on purpose: this runs before anything could compile TypeScript.
 *
 * - Freshness: the manifest lists every input (each bundled source, the package.json of each
 *   workspace package they belong to, tsconfig.json, esbuild's package.json and this file) with
 *   its mtime and size; any difference, or a missing file, means a rebuild. A file changed while a build runs is caught
 *   too: such a build is used once but not recorded, so the next start builds again.
 * - Third-party packages are not bundled: they stay imports that Node resolves from the root
 *   node_modules at run time, as it would from the sources. A package the sources would resolve
 *   somewhere else (a nested node_modules) makes the build refuse, and the caller falls back.
 * - `import.meta.url` (and dirname/filename) keep meaning the source file, not the chunk.
 * - Workspace modules are taken to have no import-time side effects: one whose exports nothing
 *   uses is left out (that is what keeps `atalaya mrt` from loading the database). A bare
 *   `import "./x"` kept only for its side effects would then be dropped, so it fails the build.
 * - Each build goes to a directory of its own and the manifest is replaced by a rename, so
 *   concurrent starts never see half a build; builds older than an hour are removed.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const FORMAT = 1;
const SELF = fileURLToPath(import.meta.url);
const OLD_BUILD_MS = 60 * 60 * 1000;
/** Inputs modified this close to (or after) a build's start may have changed under it. */
const RACE_MS = 2000;

/**
 * @typedef {object} BundleOptions
 * @property {string} root       repository root (where node_modules and tsconfig.json are)
 * @property {string} entry      the TypeScript entry point
 * @property {string} cacheDir   where builds and the manifest live
 */

/** @param {string} file */
function fileStamp(file) {
  const s = statSync(file, { throwIfNoEntry: false });
  return s ? [s.mtimeMs, s.size] : null;
}

/** @param {BundleOptions} options @returns {string | null} the bundle's entry if it is up to date */
export function freshBundle(options) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(options.cacheDir, "manifest.json"), "utf8"));
  } catch {
    return null;
  }
  if (manifest?.format !== FORMAT || manifest.entry !== path.relative(options.root, options.entry))
    return null;
  for (const [relative, mtime, size] of manifest.inputs) {
    const stamp = fileStamp(path.join(options.root, relative));
    if (!stamp || stamp[0] !== mtime || stamp[1] !== size) return null;
  }
  const main = path.join(options.cacheDir, manifest.dir, manifest.main);
  return fileStamp(main) ? main : null;
}

/** @param {string} root @param {string} file the workspace package.json above a source file, if any */
function workspacePackageJson(root, file) {
  const parts = path.relative(root, file).split(path.sep);
  if ((parts[0] === "packages" || parts[0] === "apps") && parts.length > 2) {
    return path.join(root, parts[0], parts[1] ?? "", "package.json");
  }
  return null;
}

/** @param {string} root @param {string} file */
function isWorkspaceSource(root, file) {
  const relative = path.relative(root, file);
  return !relative.startsWith("..") && !relative.split(path.sep).includes("node_modules");
}

/** esbuild, and its package.json (an input: another version may compile differently). */
function loadEsbuild() {
  // esbuild comes with tsx (a dependency of the CLI), the one that would otherwise compile it.
  const fromTsx = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"));
  return { esbuild: fromTsx("esbuild"), packageJson: fromTsx.resolve("esbuild/package.json") };
}

/**
 * Builds the bundle and records it in the manifest.
 * @param {BundleOptions} options
 * @returns {Promise<string>} the bundle's entry
 */
export async function buildBundle(options) {
  const { root, entry, cacheDir } = options;
  const { esbuild, packageJson: esbuildPackage } = loadEsbuild();
  const started = Date.now();
  const dir = `build-${started.toString(36)}-${process.pid}`;
  const outdir = path.join(cacheDir, dir);
  const marker = { atalaya: true };

  /** @type {import("esbuild").Plugin} */
  const workspace = {
    name: "atalaya-workspace",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === marker) return undefined;
        const bare = !args.path.startsWith(".") && !path.isAbsolute(args.path);
        if (bare && !args.path.startsWith("@atalaya/")) {
          if (args.path.startsWith("node:")) return { path: args.path, external: true };
          // Kept as an import only where Node, resolving from the cache, finds the same file.
          const here = await build.resolve(args.path, {
            kind: args.kind,
            resolveDir: args.resolveDir,
            pluginData: marker,
          });
          if (here.errors.length > 0) return { errors: here.errors };
          if (here.external) return { path: args.path, external: true };
          const fromRoot = await build.resolve(args.path, {
            kind: args.kind,
            resolveDir: root,
            pluginData: marker,
          });
          if (fromRoot.path !== here.path) {
            return {
              errors: [{ text: `${args.path} resolves to ${here.path}, not to the root's ${fromRoot.path}` }],
            };
          }
          return { path: args.path, external: true };
        }
        const result = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: marker,
        });
        if (result.errors.length > 0) return { errors: result.errors };
        return {
          path: result.path,
          namespace: result.namespace,
          external: result.external,
          sideEffects: isWorkspaceSource(root, result.path) ? false : result.sideEffects,
        };
      });
      build.onLoad({ filter: /\.[cm]?tsx?$/ }, (args) => {
        if (!isWorkspaceSource(root, args.path)) return undefined;
        const url = JSON.stringify(pathToFileURL(args.path).href);
        const contents = readFileSync(args.path, "utf8")
          .replaceAll("import.meta.url", url)
          .replaceAll("import.meta.dirname", JSON.stringify(path.dirname(args.path)))
          .replaceAll("import.meta.filename", JSON.stringify(args.path));
        return { contents, loader: args.path.endsWith("x") ? "tsx" : "ts" };
      });
    },
  };

  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: { main: entry },
      outdir,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      sourcemap: "linked",
      sourcesContent: false,
      metafile: true,
      logLevel: "silent",
      plugins: [workspace],
    });
  } finally {
    // Its service process would otherwise live as long as this one (a server: days).
    esbuild.stop();
  }
  const dropped = result.warnings.find((w) => w.id === "ignored-bare-import");
  if (dropped) {
    rmSync(outdir, { recursive: true, force: true });
    throw new Error(`a side-effect import would be dropped: ${dropped.text}`);
  }

  // What each chunk holds, for anyone asking why a command loads what it loads.
  writeFileSync(path.join(outdir, "meta.json"), JSON.stringify(result.metafile));

  const files = new Set([SELF, esbuildPackage, path.join(root, "tsconfig.json")]);
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = path.resolve(root, input);
    files.add(file);
    const pkg = workspacePackageJson(root, file);
    if (pkg) files.add(pkg);
  }
  const inputs = [];
  let raced = false;
  for (const file of files) {
    const stamp = fileStamp(file);
    if (!stamp) continue;
    if (stamp[0] > started - RACE_MS) raced = true;
    inputs.push([path.relative(root, file), stamp[0], stamp[1]]);
  }
  const main = path.join(outdir, "main.js");
  if (raced) return main;
  const manifest = { format: FORMAT, entry: path.relative(root, entry), dir, main: "main.js", inputs };
  const temporary = path.join(cacheDir, `manifest.json.${process.pid}`);
  writeFileSync(temporary, JSON.stringify(manifest));
  renameSync(temporary, path.join(cacheDir, "manifest.json"));
  removeOldBuilds(cacheDir, dir);
  return main;
}

/**
 * Builds older than an hour. A process reads its build's files while it starts (a command's chunks
 * are imported before it runs, and a chunk imported again later is served from memory), so even
 * a server started from one has long stopped needing it.
 */
function removeOldBuilds(cacheDir, current) {
  for (const name of readdirSync(cacheDir)) {
    if (!name.startsWith("build-") || name === current) continue;
    const full = path.join(cacheDir, name);
    const stamp = fileStamp(full);
    if (stamp && Date.now() - stamp[0] > OLD_BUILD_MS) rmSync(full, { recursive: true, force: true });
  }
}

/**
 * The bundle to run: the recorded one when it is up to date, else a new build; null when none can
 * be built (esbuild missing, a source that does not compile, a read-only cache), in which case
 * the caller runs the sources through tsx, which reports any error in them the usual way.
 * @param {BundleOptions} options
 * @returns {Promise<string | null>}
 */
export async function compiledEntry(options) {
  const fresh = freshBundle(options);
  if (fresh) return fresh;
  try {
    mkdirSync(options.cacheDir, { recursive: true });
    return await buildBundle(options);
  } catch {
    return null;
  }
}
