import { readSecretJsonFile } from '../config/secret-json-file';
import { createLocalJWKSet, createRemoteJWKSet, errors, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import type { OidcConfig } from '../config/app-config';
import { ConfigError } from '../config/config-error';
import { sha256 } from './key-ring';
import type { Principal } from './principal';
import { isRole, ROLE_NAMES } from './roles';

/** Three base64url parts: what a compact JWS looks like. Anything else is taken for an API key. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Asymmetric only: `none` and the HMAC family (whose secret would be the public key) are refused by name. */
const ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];
/** Seconds of clock skew tolerated on exp, nbf and iat. */
const CLOCK_TOLERANCE = 30;
const NAME_MAX = 200;
const UNITS_MAX = 1000;
const UNIT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export const looksLikeJwt = (bearer: string): boolean => JWT_SHAPE.test(bearer);

export type TokenCheck = { principal: Principal; keyId: string } | { refused: string };

/** Verifies OIDC bearer tokens (JWTs) against the issuer's keys and turns their claims into a principal. */
export class TokenVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet>;

  constructor(private readonly config: OidcConfig) {
    this.keys = config.jwksUri ? createRemoteJWKSet(new URL(config.jwksUri)) : createLocalJWKSet(readJwksFile(config.jwksFile!));
  }

  /** The token's principal, or why it is refused (a 401's detail: never the token itself). */
  async verify(token: string): Promise<TokenCheck> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        typ: this.config.tokenType,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE,
        // SECURITY.md: a token is revoked by letting it expire, so one that never does is refused.
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      return { refused: refusalOf(error, this.config) };
    }
    // jose checks `iat` only against a maximum age; a token issued in the future is as suspect as one not yet valid.
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + CLOCK_TOLERANCE) return { refused: 'The token was issued in the future (its iat claim).' };
    const name = payload[this.config.nameClaim];
    if (typeof name !== 'string' || name.trim() === '' || name.length > NAME_MAX) return { refused: `The token's ${this.config.nameClaim} claim must name the caller (1 to ${NAME_MAX} characters).` };
    const claimed = payload[this.config.roleClaim];
    const role = (Array.isArray(claimed) ? claimed : [claimed]).find(isRole);
    if (!role) return { refused: `The token's ${this.config.roleClaim} claim names no known role (one of ${ROLE_NAMES.join(', ')}).` };
    const units = payload.units;
    if (units !== undefined && !(Array.isArray(units) && units.length > 0 && units.length <= UNITS_MAX && units.every((u) => typeof u === 'string' && UNIT_ID.test(u)))) {
      return { refused: "The token's units claim must be a non-empty array of unit ids." };
    }
    const principal: Principal = units === undefined ? { name, role } : { name, role, units: [...new Set(units as string[])] };
    // Rate limiting is per caller: a token's subject stands in for the key.
    return { principal, keyId: `jwt-${sha256(`${this.config.issuer}\n${name}`).toString('hex').slice(0, 12)}` };
  }
}

function refusalOf(error: unknown, config: OidcConfig): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'typ') return `The token's typ header is not ${config.tokenType}: an access token is expected here.`;
  if (error instanceof errors.JWTClaimValidationFailed && error.reason === 'missing') return `The token has no ${error.claim} claim, which is required here.`;
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's ${error.claim} claim is not accepted here.`;
  if (error instanceof errors.JOSEAlgNotAllowed) return `The token's algorithm is not accepted (one of ${ALGORITHMS.join(', ')}).`;
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) return "The token's signature does not verify against the issuer's keys.";
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return "The issuer's keys could not be read; retry later.";
  return 'The token is not a valid signed JWT.';
}

function readJwksFile(path: string): JSONWebKeySet {
  const parsed = readSecretJsonFile('OIDC_JWKS_FILE', path);
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.some((k) => typeof k !== 'object' || k === null || 'd' in k)) {
    throw new ConfigError('OIDC_JWKS_FILE: must hold a JWKS { "keys": [public JWK, …] } (no private keys)');
  }
  return parsed as JSONWebKeySet;
}
