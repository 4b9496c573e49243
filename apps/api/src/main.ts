import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError } from './platform/config/config-error';
import { EXIT_CONFIG } from './platform/config/exit-codes';
import { loadConfig } from './platform/config/load-config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  // SIGTERM/SIGINT close the server, stop the projections and close the stores (enableShutdownHooks in createApp).
  await app.listen(config.port, '0.0.0.0');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`duty-ledger: ${error.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  process.stderr.write(`duty-ledger: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
