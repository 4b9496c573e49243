import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError } from './platform/config/config-error';
import { loadConfig } from './platform/config/load-config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, '0.0.0.0');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`duty-ledger: ${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`duty-ledger: failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
