import { closeSync, existsSync, fsyncSync, openSync } from 'node:fs';

/**
 * A file's written pages (or a directory's entries) onto the disk, through a descriptor of our own: Linux flushes what
 * the file holds, whoever wrote it. A path that does not exist is left alone.
 */
export function fsyncPath(path: string): void {
  if (!existsSync(path)) return;
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
