import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOURCE = join(__dirname, 'read-only-disk.c');

/**
 * The shared object that turns files read-only on a signal (./read-only-disk.c), built once per version of its source
 * with the machine's C compiler; null when there is none, and why.
 */
export function readOnlyDiskLibrary(): { library: string } | { missing: string } {
  const source = readFileSync(SOURCE);
  const library = join(tmpdir(), `duty-ledger-read-only-disk-${createHash('sha256').update(source).digest('hex').slice(0, 12)}.so`);
  if (existsSync(library)) return { library };
  try {
    execFileSync('cc', ['-shared', '-fPIC', '-O2', '-o', library, SOURCE, '-ldl'], { stdio: 'pipe' });
    return { library };
  } catch (error) {
    return { missing: `no C compiler could build the read-only disk shim (${(error as Error).message.split('\n')[0]})` };
  }
}

/** The environment of a server whose files starting with `prefix` turn read-only while `flag` exists. */
export function readOnlyDiskEnv(library: string, prefix: string, flag: string): Record<string, string> {
  return { LD_PRELOAD: library, READ_ONLY_PREFIX: prefix, READ_ONLY_FLAG: flag };
}
