export interface BundleOptions {
  /** Repository root (where node_modules and tsconfig.json are). */
  root: string;
  /** The TypeScript entry point. */
  entry: string;
  /** Where builds and the manifest live. */
  cacheDir: string;
}

/** The bundle's entry if the recorded build is up to date, else null. */
export function freshBundle(options: BundleOptions): string | null;
/** Builds the bundle (and records it unless an input changed during the build); its entry. */
export function buildBundle(options: BundleOptions): Promise<string>;
/** The up-to-date bundle's entry, building it when needed; null when none can be built. */
export function compiledEntry(options: BundleOptions): Promise<string | null>;
