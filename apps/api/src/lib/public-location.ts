/**
 * What the public may learn about where a run's data came from: the URL of a fetched source (it
 * is public anyway, and citing it is the point), but of a local file only its base name. Absolute
 * paths say how the server is laid out (user names, data directories) and help nobody cite data.
 */
import path from "node:path";

const FETCHED = new Set(["http:", "https:", "ftp:"]);

/** A run's `location` as shown to anonymous clients. */
export function publicLocation(location: string): { location: string; kind: "url" | "file" } {
  let url: URL | null = null;
  try {
    url = new URL(location);
  } catch {
    // Not a URL: a path as given on the command line.
  }
  if (url && FETCHED.has(url.protocol)) {
    // Credentials in a source URL are the operator's, not the public's.
    url.username = "";
    url.password = "";
    return { location: url.href, kind: "url" };
  }
  const file = url?.protocol === "file:" ? decodeURIComponent(url.pathname) : location;
  return { location: path.posix.basename(file.replace(/\\/g, "/")) || file, kind: "file" };
}

// An absolute path (or file: URL) standing on its own in a message: after the start, a space, a
// quote or a bracket, never inside a URL (where a host name stands before the slash).
const ABSOLUTE_PATH = /(^|[\s'"(=[])(?:file:\/\/)?((?:\/[^\s'"()[\]/:]+)+\/?)(?=$|[\s'"():,\]])/g;

/** A run's error message with every absolute path cut to its base name. */
export function withoutServerPaths(message: string): string {
  return message.replace(ABSOLUTE_PATH, (_all, before: string, file: string) => {
    const base = path.posix.basename(file);
    return `${before}${base || file}`;
  });
}

/**
 * Frozen evidence as published: the locations of its ingest runs as `publicLocation` shows them,
 * for evidence frozen before locations were cut at freezing time.
 */
export function withPublicRunLocations(evidence: Record<string, unknown>): Record<string, unknown> {
  const runs = evidence.ingestRuns;
  if (!Array.isArray(runs)) return evidence;
  return {
    ...evidence,
    ingestRuns: runs.map((run: unknown) =>
      run !== null && typeof run === "object" && "location" in run && typeof run.location === "string"
        ? { ...run, location: publicLocation(run.location).location }
        : run,
    ),
  };
}
