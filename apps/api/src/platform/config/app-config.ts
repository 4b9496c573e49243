import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, validateSync } from 'class-validator';

/** Validated configuration (API.md "Running"); a bad variable stops the process with a message naming it. */
export interface AppConfig {
  port: number;
  dataDir: string;
  eventStoreConnectionString?: string;
  mongodbUri?: string;
  apiKeys?: string;
  apiKeysFile?: string;
  timeZone: string;
  projections: 'inline' | 'off';
  production: boolean;
  rateLimit: number;
  metricsToken?: string;
  logLevel: string;
  corsOrigins: string[];
}

export const APP_CONFIG = Symbol('AppConfig');

class Env {
  @IsOptional() @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsString() DATA_DIR?: string;
  @IsOptional() @IsString() EVENTSTORE_CONNECTION_STRING?: string;
  @IsOptional() @IsString() MONGODB_URI?: string;
  @IsOptional() @IsString() API_KEYS?: string;
  @IsOptional() @IsString() API_KEYS_FILE?: string;
  @IsOptional() @IsString() TIME_ZONE?: string;
  @IsOptional() @IsIn(['inline', 'off']) PROJECTIONS?: 'inline' | 'off';
  @IsOptional() @IsString() NODE_ENV?: string;
  @IsOptional() @IsInt() @Min(0) RATE_LIMIT?: number;
  @IsOptional() @IsString() METRICS_TOKEN?: string;
  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL?: string;
  @IsOptional() @IsString() CORS_ORIGINS?: string;
}

const NUMERIC = ['PORT', 'RATE_LIMIT'] as const;

export class ConfigError extends Error {}

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') raw[key] = value;
  const problems: string[] = [];
  for (const key of NUMERIC) {
    if (raw[key] === undefined) continue;
    if (!/^\d+$/.test(String(raw[key]))) problems.push(`${key} must be a whole number (got "${String(raw[key])}")`);
    else raw[key] = Number(raw[key]);
  }
  const env_ = plainToInstance(Env, raw);
  for (const error of validateSync(env_, { whitelist: false })) {
    if (NUMERIC.includes(error.property as (typeof NUMERIC)[number]) && problems.some((p) => p.startsWith(error.property))) continue;
    problems.push(`${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`);
  }
  const timeZone = env_.TIME_ZONE ?? 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    problems.push(`TIME_ZONE must be an IANA time zone (got "${timeZone}")`);
  }
  if (env_.EVENTSTORE_CONNECTION_STRING && !/^(esdb|kurrentdb|kdb)(\+discover)?:\/\//.test(env_.EVENTSTORE_CONNECTION_STRING))
    problems.push('EVENTSTORE_CONNECTION_STRING must start with esdb:// (or kurrentdb://)');
  if (env_.MONGODB_URI && !/^mongodb(\+srv)?:\/\//.test(env_.MONGODB_URI)) problems.push('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  if (problems.length) throw new ConfigError(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return {
    port: env_.PORT ?? 3000,
    dataDir: env_.DATA_DIR ?? './data',
    eventStoreConnectionString: env_.EVENTSTORE_CONNECTION_STRING,
    mongodbUri: env_.MONGODB_URI,
    apiKeys: env_.API_KEYS,
    apiKeysFile: env_.API_KEYS_FILE,
    timeZone,
    projections: env_.PROJECTIONS ?? 'inline',
    production: env_.NODE_ENV === 'production',
    rateLimit: env_.RATE_LIMIT ?? 50,
    metricsToken: env_.METRICS_TOKEN,
    logLevel: env_.LOG_LEVEL ?? 'info',
    corsOrigins: (env_.CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  };
}
