/**
 * Exit codes of sysexits(3), for the server and the CLI alike: a supervisor or a script can tell "fix the settings"
 * and "fix the command line" from a failure (1) or a crash.
 */
export const EXIT_USAGE = 64;
export const EXIT_CONFIG = 78;
