import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, registerDecorator } from 'class-validator';
import { PROJECTION_MODES, type ProjectionMode } from './projection-modes';
import { EVENT_LOG_WRITERS, type EventLogWriter } from './event-log-writers';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const API_KEY_PAIR = /^[a-z]+:[^,:\s]{16,}$/;

/** A whole number written in decimal; anything else stays a string so that @IsInt refuses it with the variable's name. */
const toWholeNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value);
const blankToUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

function IsTimeZone() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName,
      options: { message: 'must be an IANA time zone such as Asia/Shanghai' },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || value === '') return false;
          try {
            new Intl.DateTimeFormat('en', { timeZone: value });
            return true;
          } catch {
            return false;
          }
        },
      },
    });
}

/** The environment variables of API.md "Running", by their own names so that an error names the variable. */
export class Environment {
  @IsOptional()
  @Transform(toWholeNumber)
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @IsNotEmpty()
  DATA_DIR?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\/\S+$/, { message: 'must be a kurrentdb:// (or esdb://) connection string' })
  EVENTSTORE_CONNECTION_STRING?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'must be a mongodb:// or mongodb+srv:// URI' })
  MONGODB_URI?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @Matches(new RegExp(`^${API_KEY_PAIR.source.slice(1, -1)}(,${API_KEY_PAIR.source.slice(1, -1)})*$`), {
    message: 'must be role:key pairs separated by commas, each key at least 16 characters without spaces, commas or colons',
  })
  API_KEYS?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  API_KEYS_FILE?: string;

  /** OIDC: the issuer (`iss`) that signs bearer tokens; setting it turns JWT authentication on. */
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^https?:\/\/\S+$/, { message: 'must be the issuer URL (https://…), as tokens carry it in iss' })
  OIDC_ISSUER?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^\S{1,500}$/, { message: 'must be the audience (aud) tokens are issued for, without spaces' })
  OIDC_AUDIENCE?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^(https:\/\/\S+|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/\S*)?)$/, { message: 'must be an https:// URL of the issuer\'s JWKS (http:// only for localhost)' })
  OIDC_JWKS_URI?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  OIDC_JWKS_FILE?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^\S{1,200}$/, { message: 'must be a claim name without spaces' })
  OIDC_ROLE_CLAIM?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^\S{1,200}$/, { message: 'must be a claim name without spaces' })
  OIDC_NAME_CLAIM?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^[A-Za-z0-9!#$&^_.+-]{1,100}(\/[A-Za-z0-9!#$&^_.+-]{1,100})?$/, { message: 'must be a media type such as at+jwt or application/at+jwt' })
  OIDC_TOKEN_TYPE?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsTimeZone()
  TIME_ZONE?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(PROJECTION_MODES)
  PROJECTIONS?: ProjectionMode;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(EVENT_LOG_WRITERS)
  EVENT_LOG_WRITER?: EventLogWriter;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  NODE_ENV?: string;

  @IsOptional()
  @Transform(toWholeNumber)
  @IsInt({ message: 'must be a whole number of commands per second (0 turns the limit off)' })
  @Min(0)
  RATE_LIMIT?: number;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^\S{16,}$/, { message: 'must be at least 16 characters without spaces' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: (typeof LOG_LEVELS)[number];

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^https?:\/\/[^\s,]+(,\s*https?:\/\/[^\s,]+)*$/, { message: 'must be origins (http(s)://host[:port]) separated by commas' })
  CORS_ORIGINS?: string;

  /** A PKCS#8 PEM Ed25519 private key that signs Merkle tree heads (absent: a development key in DATA_DIR). */
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  INTEGRITY_SIGNING_KEY_FILE?: string;

  @IsOptional()
  @Transform(toWholeNumber)
  @IsInt({ message: 'must be a whole number of events between signed tree heads' })
  @Min(1)
  @Max(100_000_000)
  INTEGRITY_TREE_HEAD_EVERY?: number;

  /** A tree head over everything indexed at least this often while the log grows; 0 signs by count alone. */
  @IsOptional()
  @Transform(toWholeNumber)
  @IsInt({ message: 'must be a whole number of seconds between signed tree heads while the log grows (0: by count alone)' })
  @Min(0)
  @Max(31_536_000)
  INTEGRITY_TREE_HEAD_SECONDS?: number;

  @IsOptional()
  @Transform(toWholeNumber)
  @IsInt({ message: 'must be a whole number of log positions' })
  @Min(0)
  PROJECTION_LAG_THRESHOLD?: number;

  @IsOptional()
  @Transform(toWholeNumber)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1)
  PROJECTION_LAG_SECONDS_THRESHOLD?: number;

  @IsOptional()
  @Transform(toWholeNumber)
  @IsInt({ message: 'must be a whole number of events per read-store commit' })
  @Min(1)
  @Max(100_000)
  PROJECTION_BATCH_SIZE?: number;

  @IsOptional()
  @Transform(toWholeNumber)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(50)
  @Max(600_000)
  GENERATION_POLL_MS?: number;

  @IsOptional()
  @Transform(toWholeNumber)
  @IsInt({ message: 'must be a whole number of megabytes' })
  @Min(0)
  @Max(65_536)
  READ_CACHE_MB?: number;

  @IsOptional()
  @Transform(toWholeNumber)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(50)
  @Max(3_600_000)
  REBUILD_LEASE_MS?: number;
}
