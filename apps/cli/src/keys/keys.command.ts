import { InvalidArgumentError, type Command } from 'commander';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isKeyName } from '../../../api/src/platform/auth/api-keys';
import { ROLE_NAMES, type Role } from '../../../api/src/platform/auth/roles';

interface KeyEntry {
  role: Role;
  name: string;
  sha256: string;
}

/** Adds a key for `role` and `name` to the file (hash only) and returns the key, which is shown once and kept nowhere. */
export function createKey(file: string, role: Role, name: string): string {
  // The server refuses to start on a file with such an entry.
  if (!isKeyName(name)) throw new Error(`a key's name is non-empty and at most 200 characters: ${JSON.stringify(name)} is not`);
  const entries: KeyEntry[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as KeyEntry[]) : [];
  if (!Array.isArray(entries)) throw new Error(`${file} does not hold a JSON array of keys`);
  if (entries.some((e) => e.name === name)) throw new Error(`a key named ${name} exists already: names identify the actor of every event`);
  const key = randomBytes(24).toString('base64url');
  entries.push({ role, name, sha256: createHash('sha256').update(key, 'utf8').digest('hex') });
  // Written beside and renamed, so a crash never leaves a half-written key file.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return key;
}

/** `keys create --role --name [--file]`: operators issue keys without ever storing them in plain. */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('manage API keys in API_KEYS_FILE (hashes only)');
  keys
    .command('create')
    .description('make a key for a role and a name, print it once, append its SHA-256 to the keys file')
    .requiredOption('--role <role>', ROLE_NAMES.join(' | '), (value: string) => {
      if (!(ROLE_NAMES as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${ROLE_NAMES.join(', ')}`);
      return value as Role;
    })
    .requiredOption('--name <name>', 'whose key it is: recorded as the actor of everything it writes')
    .option('--file <path>', 'the keys file', process.env.API_KEYS_FILE ?? 'api-keys.json')
    .action((options: { role: Role; name: string; file: string }) => {
      const key = createKey(options.file, options.role, options.name);
      process.stdout.write(`${key}\n`);
      process.stderr.write(`added ${options.role} key "${options.name}" to ${options.file}; the key above is shown once and stored nowhere\n`);
    });
}
