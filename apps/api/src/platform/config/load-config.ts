import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { AppConfig } from './app-config';
import { ConfigError } from './config-error';
import { Environment } from './environment';

/** Reads and validates the environment once at start; a bad variable is a ConfigError naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const vars = plainToInstance(Environment, { ...env });
  const errors = validateSync(vars, { forbidUnknownValues: true, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}=${JSON.stringify(shown(e.property, env[e.property]))}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return {
    port: vars.PORT ?? 3000,
    dataDir: vars.DATA_DIR ?? './data',
    eventStoreConnectionString: vars.EVENTSTORE_CONNECTION_STRING,
    mongodbUri: vars.MONGODB_URI,
    apiKeys: vars.API_KEYS,
    apiKeysFile: vars.API_KEYS_FILE,
    timeZone: vars.TIME_ZONE ?? 'Asia/Shanghai',
    projections: vars.PROJECTIONS ?? 'inline',
    nodeEnv: vars.NODE_ENV ?? 'development',
    rateLimit: vars.RATE_LIMIT ?? 50,
    metricsToken: vars.METRICS_TOKEN,
    logLevel: vars.LOG_LEVEL ?? 'info',
    corsOrigins: vars.CORS_ORIGINS ? vars.CORS_ORIGINS.split(',').map((o) => o.trim()) : [],
  };
}

/** Secrets never reach the terminal, even when they are malformed. */
function shown(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /KEY|TOKEN|URI|CONNECTION/.test(name) ? '<redacted>' : value;
}
