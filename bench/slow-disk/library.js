// The shared object that makes fsync and fdatasync slower (./slow-fsync.c), for a server started with it in LD_PRELOAD.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const WORK = path.join(__dirname, '..', '.work');

/** The environment of a server on a disk whose flushes take `delayUs` longer; null when no C compiler is here to build it. */
function slowDiskEnv(delayUs = 2000) {
  const library = path.join(WORK, 'slow-fsync.so');
  if (!fs.existsSync(library)) {
    try {
      fs.mkdirSync(WORK, { recursive: true });
      execFileSync('cc', ['-shared', '-fPIC', '-O2', '-o', library, path.join(__dirname, 'slow-fsync.c'), '-ldl'], { stdio: 'ignore' });
    } catch {
      return null;
    }
  }
  return { LD_PRELOAD: library, FSYNC_DELAY_US: String(delayUs) };
}

module.exports = { slowDiskEnv };
