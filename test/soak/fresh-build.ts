import { freshlyProjected, versions, versionsDigest } from '../support/read-model-files';

/** A fresh projector's read models, built from a copy of the log, and a digest (rows, SHA-256 of the rows) of theirs and ours. */
export async function freshBuild(dataDir: string, head: number) {
  const rebuildStart = performance.now();
  const fresh = await freshlyProjected(dataDir, head, 600_000);
  const ours = versionsDigest(dataDir);
  const theirs = versionsDigest(fresh);
  return { fresh, ours, theirs, seconds: Math.round((performance.now() - rebuildStart) / 100) / 10 };
}

/** The first differing rows of ours and the fresh build's, to say which document (index -1 when none differs). */
export function firstDifference(dataDir: string, fresh: string): { index: number; ours?: string; fresh?: string } {
  const [a, b] = [versions(dataDir), versions(fresh)];
  const i = a.findIndex((row, k) => row !== b[k]);
  return { index: i, ours: a[i]?.slice(0, 500), fresh: b[i]?.slice(0, 500) };
}
