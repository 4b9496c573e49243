import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { AppConfig, OidcConfig } from './app-config';
import { ConfigError } from './config-error';
import { Environment } from './environment';
import { REBUILD_LEASE_MS } from '../stores/rebuild-lease';

/** Reads and validates the environment once at start; a bad variable is a ConfigError naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const vars = plainToInstance(Environment, { ...env });
  const errors = validateSync(vars, { forbidUnknownValues: true, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}=${JSON.stringify(shown(e.property, env[e.property]))}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const oidc = oidcOf(vars);
  return {
    port: vars.PORT ?? 3000,
    dataDir: vars.DATA_DIR ?? './data',
    eventStoreConnectionString: vars.EVENTSTORE_CONNECTION_STRING,
    mongodbUri: vars.MONGODB_URI,
    apiKeys: vars.API_KEYS,
    apiKeysFile: vars.API_KEYS_FILE,
    ...(oidc ? { oidc } : {}),
    timeZone: vars.TIME_ZONE ?? 'Asia/Shanghai',
    projections: vars.PROJECTIONS ?? 'thread',
    eventLogWriter: vars.EVENT_LOG_WRITER ?? 'inline',
    nodeEnv: vars.NODE_ENV ?? 'development',
    rateLimit: vars.RATE_LIMIT ?? 50,
    metricsToken: vars.METRICS_TOKEN,
    logLevel: vars.LOG_LEVEL ?? 'info',
    corsOrigins: vars.CORS_ORIGINS ? vars.CORS_ORIGINS.split(',').map((o) => o.trim()) : [],
    integritySigningKeyFile: vars.INTEGRITY_SIGNING_KEY_FILE,
    treeHeadEvery: vars.INTEGRITY_TREE_HEAD_EVERY ?? 1_000,
    treeHeadSeconds: vars.INTEGRITY_TREE_HEAD_SECONDS ?? 3_600,
    projectionLagThreshold: vars.PROJECTION_LAG_THRESHOLD ?? 10_000,
    projectionLagSecondsThreshold: vars.PROJECTION_LAG_SECONDS_THRESHOLD ?? 60,
    projectionBatchSize: vars.PROJECTION_BATCH_SIZE,
    generationPollMs: vars.GENERATION_POLL_MS ?? 1_000,
    readCacheMb: vars.READ_CACHE_MB ?? 128,
    rebuildLeaseMs: vars.REBUILD_LEASE_MS ?? REBUILD_LEASE_MS,
  };
}

/** OIDC_ISSUER turns tokens on and then needs OIDC_AUDIENCE and exactly one of OIDC_JWKS_URI and OIDC_JWKS_FILE. */
function oidcOf(vars: Environment): OidcConfig | undefined {
  const { OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience, OIDC_JWKS_URI: jwksUri, OIDC_JWKS_FILE: jwksFile } = vars;
  if (issuer === undefined) {
    const stray = (['OIDC_AUDIENCE', 'OIDC_JWKS_URI', 'OIDC_JWKS_FILE', 'OIDC_ROLE_CLAIM', 'OIDC_NAME_CLAIM', 'OIDC_TOKEN_TYPE'] as const).filter((name) => vars[name] !== undefined);
    if (stray.length > 0) throw new ConfigError(`Invalid configuration:\n  ${stray.join(', ')} set without OIDC_ISSUER`);
    return undefined;
  }
  const problems: string[] = [];
  if (audience === undefined) problems.push('OIDC_AUDIENCE is required with OIDC_ISSUER');
  if ((jwksUri === undefined) === (jwksFile === undefined)) problems.push('OIDC_JWKS_URI or OIDC_JWKS_FILE (exactly one) is required with OIDC_ISSUER');
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return { issuer, audience: audience!, jwksUri, jwksFile, roleClaim: vars.OIDC_ROLE_CLAIM ?? 'role', nameClaim: vars.OIDC_NAME_CLAIM ?? 'sub', tokenType: vars.OIDC_TOKEN_TYPE };
}

/** Secrets never reach the terminal, even when they are malformed. */
function shown(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /KEY|TOKEN|URI|CONNECTION/.test(name) ? '<redacted>' : value;
}
