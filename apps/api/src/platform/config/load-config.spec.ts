import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

describe('loadConfig', () => {
  it('when nothing is set, then the defaults of API.md apply', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, dataDir: './data', timeZone: 'Asia/Shanghai', projections: 'thread', eventLogWriter: 'inline', rateLimit: 50, corsOrigins: [] });
  });

  it('when every variable is set, then each is read', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/var/lib/ledger',
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      MONGODB_URI: 'mongodb://localhost:27017/ledger',
      API_KEYS: 'integrator:aaaaaaaaaaaaaaaa,admin:bbbbbbbbbbbbbbbb',
      TIME_ZONE: 'Europe/Berlin',
      PROJECTIONS: 'off',
      EVENT_LOG_WRITER: 'thread',
      NODE_ENV: 'production',
      RATE_LIMIT: '0',
      METRICS_TOKEN: 'metrics-token-0123456789',
      LOG_LEVEL: 'warn',
      CORS_ORIGINS: 'https://a.example, https://b.example:8443',
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/var/lib/ledger',
      projections: 'off',
      eventLogWriter: 'thread',
      rateLimit: 0,
      timeZone: 'Europe/Berlin',
      logLevel: 'warn',
      corsOrigins: ['https://a.example', 'https://b.example:8443'],
    });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PORT', '30.5'],
    ['TIME_ZONE', 'Mars/Olympus'],
    ['PROJECTIONS', 'sometimes'],
    ['EVENT_LOG_WRITER', 'elsewhere'],
    ['RATE_LIMIT', '-1'],
    ['RATE_LIMIT', 'fast'],
    ['LOG_LEVEL', 'loud'],
    ['EVENTSTORE_CONNECTION_STRING', 'http://localhost:2113'],
    ['MONGODB_URI', 'localhost:27017'],
    ['API_KEYS', 'integrator'],
    ['API_KEYS', 'integrator:short'],
    ['CORS_ORIGINS', 'not an origin'],
    ['METRICS_TOKEN', 'short'],
  ])('when %s=%s, then start-up fails naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}=`));
  });

  it('when OIDC_ISSUER is set with an audience and a JWKS, then tokens are configured with the default claims', () => {
    expect(loadConfig({ OIDC_ISSUER: 'https://idp.example/realms/x', OIDC_AUDIENCE: 'ledger', OIDC_JWKS_URI: 'https://idp.example/certs' }).oidc).toEqual({
      issuer: 'https://idp.example/realms/x',
      audience: 'ledger',
      jwksUri: 'https://idp.example/certs',
      jwksFile: undefined,
      roleClaim: 'role',
      nameClaim: 'sub',
    });
    expect(loadConfig({ OIDC_ISSUER: 'https://i', OIDC_AUDIENCE: 'a', OIDC_JWKS_FILE: '/etc/jwks.json', OIDC_ROLE_CLAIM: 'roles', OIDC_NAME_CLAIM: 'email' }).oidc).toMatchObject({
      jwksFile: '/etc/jwks.json',
      roleClaim: 'roles',
      nameClaim: 'email',
    });
    expect(loadConfig({ OIDC_ISSUER: 'https://i', OIDC_AUDIENCE: 'a', OIDC_JWKS_FILE: '/j', OIDC_TOKEN_TYPE: 'application/at+jwt' }).oidc).toMatchObject({ tokenType: 'application/at+jwt' });
    expect(loadConfig({}).oidc).toBeUndefined();
  });

  it.each([
    [{ OIDC_ISSUER: 'https://i', OIDC_JWKS_FILE: '/j' }, /OIDC_AUDIENCE is required/],
    [{ OIDC_ISSUER: 'https://i', OIDC_AUDIENCE: 'a' }, /OIDC_JWKS_URI or OIDC_JWKS_FILE \(exactly one\)/],
    [{ OIDC_ISSUER: 'https://i', OIDC_AUDIENCE: 'a', OIDC_JWKS_URI: 'https://i/certs', OIDC_JWKS_FILE: '/j' }, /exactly one/],
    [{ OIDC_AUDIENCE: 'a' }, /OIDC_AUDIENCE set without OIDC_ISSUER/],
    [{ OIDC_TOKEN_TYPE: 'at+jwt' }, /OIDC_TOKEN_TYPE set without OIDC_ISSUER/],
    [{ OIDC_ISSUER: 'https://i', OIDC_AUDIENCE: 'a', OIDC_JWKS_FILE: '/j', OIDC_TOKEN_TYPE: 'at jwt' }, /OIDC_TOKEN_TYPE.*must be a media type/],
    [{ OIDC_ISSUER: 'idp.example' }, /OIDC_ISSUER=/],
    [{ OIDC_ISSUER: 'https://i', OIDC_AUDIENCE: 'a', OIDC_JWKS_URI: 'http://idp.example/certs' }, /OIDC_JWKS_URI="<redacted>": must be an https:/],
  ])('when the OIDC variables are %j, then start-up fails naming them', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('when a secret is malformed, then the message does not print it', () => {
    expect(() => loadConfig({ API_KEYS: 'integrator:short' })).toThrow(/API_KEYS="<redacted>"/);
  });

  it('when PROJECTION_BATCH_SIZE is set, then it is a whole number of events from 1, else the runner chooses', () => {
    expect(loadConfig({ PROJECTION_BATCH_SIZE: '250' }).projectionBatchSize).toBe(250);
    expect(loadConfig({}).projectionBatchSize).toBeUndefined();
    for (const bad of ['0', '2.5', 'many']) expect(() => loadConfig({ PROJECTION_BATCH_SIZE: bad })).toThrow(/PROJECTION_BATCH_SIZE/);
  });

  it('when READ_CACHE_MB is set, then it is a whole number of megabytes from 0 (none kept), else 128', () => {
    expect(loadConfig({ READ_CACHE_MB: '0' }).readCacheMb).toBe(0);
    expect(loadConfig({ READ_CACHE_MB: '512' }).readCacheMb).toBe(512);
    expect(loadConfig({}).readCacheMb).toBe(128);
    for (const bad of ['-1', '2.5', 'lots', '65537']) expect(() => loadConfig({ READ_CACHE_MB: bad })).toThrow(/READ_CACHE_MB/);
  });

  it('when GENERATION_POLL_MS is set, then it is a whole number of milliseconds from 50, else one second', () => {
    expect(loadConfig({ GENERATION_POLL_MS: '250' }).generationPollMs).toBe(250);
    expect(loadConfig({}).generationPollMs).toBe(1_000);
    for (const bad of ['10', '2.5', 'often']) expect(() => loadConfig({ GENERATION_POLL_MS: bad })).toThrow(/GENERATION_POLL_MS/);
  });

  it('when REBUILD_LEASE_MS is set, then it is a whole number of milliseconds from 50, else a minute', () => {
    expect(loadConfig({ REBUILD_LEASE_MS: '5000' }).rebuildLeaseMs).toBe(5_000);
    expect(loadConfig({}).rebuildLeaseMs).toBe(60_000);
    for (const bad of ['10', '2.5', 'long']) expect(() => loadConfig({ REBUILD_LEASE_MS: bad })).toThrow(/REBUILD_LEASE_MS/);
  });

  it('when several variables are bad, then every one is named', () => {
    expect(() => loadConfig({ PORT: 'x', TIME_ZONE: 'Nowhere/Land' })).toThrow(/PORT=.*\n {2}TIME_ZONE=/s);
  });
});
