import { chmodSync } from 'node:fs';

/** The files SQLite keeps beside a database in WAL mode. */
const COMPANIONS = ['', '-wal', '-shm'];

/**
 * Makes a database file readable and writable by its owner alone (0600), with the WAL and shared-memory files it has
 * already; SQLite gives those it creates later the database file's mode. SQLite creates files 0644 under the usual
 * umask, and the log keeps every accountability rationale and its salt in plain: in a DATA_DIR its operator made
 * 0755, any local account could read them. Called on opening, before anything is written. A file owned by another
 * account (EPERM), or on a read-only file system (EROFS), keeps its mode; `:memory:` has no file.
 */
export function keepToOwner(file: string): void {
  if (file === ':memory:' || file === '') return;
  for (const suffix of COMPANIONS) {
    try {
      chmodSync(file + suffix, 0o600);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EPERM' && code !== 'EROFS') throw error;
    }
  }
}
