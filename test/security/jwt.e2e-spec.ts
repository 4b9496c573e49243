import { exportJWK, generateKeyPair, type KeyLike, SignJWT } from 'jose';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refused } from '../support/refused';
import { startTestApp, type TestApp } from '../support/test-app';

const ISSUER = 'https://idp.example.test/realms/ledger';
const AUDIENCE = 'duty-ledger';

/** A local issuer: an ES256 and an EdDSA signing key published in a JWKS file, and a stranger's key that is not. */
async function localIssuer() {
  const es = await generateKeyPair('ES256');
  const ed = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const stranger = await generateKeyPair('ES256');
  const keys = [
    { ...(await exportJWK(es.publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' },
    { ...(await exportJWK(ed.publicKey)), kid: 'ed-1', alg: 'EdDSA', use: 'sig' },
  ];
  const jwksFile = join(mkdtempSync(join(tmpdir(), 'dl-jwks-')), 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys }));
  return { es: es.privateKey, ed: ed.privateKey, stranger: stranger.privateKey, jwksFile };
}

interface Sign {
  claims?: Record<string, unknown>;
  key?: KeyLike;
  alg?: string;
  kid?: string;
  issuer?: string;
  audience?: string;
  expiresIn?: string | number;
  notBefore?: string | number;
  subject?: string;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * OIDC bearer tokens beside API keys (issue 3): tokens signed by the configured issuer's keys authenticate as their
 * role claim, named for their subject; every other token is refused with 401 before anything is read or written.
 */
describe('OIDC/JWT bearer tokens', () => {
  let t: TestApp;
  let issuer: Awaited<ReturnType<typeof localIssuer>>;

  const sign = async (o: Sign = {}) => {
    let jwt = new SignJWT({ role: 'integrator', ...o.claims })
      .setProtectedHeader({ alg: o.alg ?? 'ES256', kid: o.kid ?? 'es-1', typ: 'JWT' })
      .setIssuer(o.issuer ?? ISSUER)
      .setAudience(o.audience ?? AUDIENCE)
      .setSubject(o.subject ?? 'svc-hr-sync')
      .setIssuedAt()
      .setExpirationTime(o.expiresIn ?? '5m');
    if (o.notBefore !== undefined) jwt = jwt.setNotBefore(o.notBefore);
    return jwt.sign(o.key ?? issuer.es);
  };
  const as = (token: string) => ({ role: null, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    issuer = await localIssuer();
    t = await startTestApp({ OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: AUDIENCE, OIDC_JWKS_FILE: issuer.jwksFile });
    expect((await t.http.post('/v1/units', { unitId: 'c', name: '学校党委', kind: 'party-committee', effectiveFrom: '2018-01-01' })).status).toBe(201);
  });
  afterAll(() => t.close());

  it('when a valid integrator token sends a command, then 201 and the event records the token subject as its actor', async () => {
    const reply = await t.http.post('/v1/units', { unitId: 'b', name: '药学总支', kind: 'general-branch', parentUnitId: 'c', effectiveFrom: '2018-01-01' }, as(await sign()));
    expect(reply.status).toBe(201);
    const stream = await t.http.get('/v1/streams/unit-b');
    expect(stream.body.events[0].metadata.actor).toEqual({ name: 'svc-hr-sync', role: 'integrator' });
  });

  it('when a valid token carries a role, then it has that role’s access: an inspector reads but may not command', async () => {
    const inspector = await sign({ claims: { role: 'inspector' }, subject: 'audit-office' });
    expect((await t.http.get('/v1/units/c', as(inspector))).status).toBe(200);
    await refused(t.http, 403, () => t.http.post('/v1/people', { name: '甲' }, as(inspector)));
  });

  it('when an integrator token applies accountability, then 403 as for an integrator key', async () => {
    const token = await sign();
    await refused(t.http, 403, () => t.http.post('/v1/accountability', {}, as(token)));
  });

  it('when the role claim is an array, then its first known role wins', async () => {
    const token = await sign({ claims: { role: ['viewer', 'discipline', 'admin'] }, subject: 'discipline-office' });
    expect((await t.http.get('/v1/units/c', as(token))).status).toBe(200);
    await refused(t.http, 403, () => t.http.post('/v1/people', { name: '甲' }, as(token)));
  });

  it('when the token is signed with EdDSA by a published key, then it authenticates', async () => {
    const token = await sign({ key: issuer.ed, alg: 'EdDSA', kid: 'ed-1', claims: { role: 'admin' } });
    expect((await t.http.post('/v1/people', { personId: 'P', name: '甲' }, as(token))).status).toBe(201);
  });

  it('when API keys are configured too, then they keep working beside tokens', async () => {
    expect((await t.http.get('/v1/units/c', { role: 'inspector' })).status).toBe(200);
  });

  describe('refused with 401, writing nothing', () => {
    const unauthorized = async (token: string | Promise<string>, detail: RegExp) => {
      const bearer = await token;
      const body = await refused(t.http, 401, () => t.http.post('/v1/people', { name: '乙' }, as(bearer)));
      expect(body.detail).toMatch(detail);
      expect(body.detail).not.toContain(bearer);
    };

    it('when the token has expired (beyond the clock tolerance), then 401', () => unauthorized(sign({ expiresIn: Math.floor(Date.now() / 1000) - 120 }), /expired/));
    it('when the token is not valid yet, then 401', () => unauthorized(sign({ notBefore: '10m' }), /nbf/));
    it('when the token never expires (no exp claim), then 401: a token is revoked by letting it expire', () =>
      unauthorized(new SignJWT({ role: 'integrator' }).setProtectedHeader({ alg: 'ES256', kid: 'es-1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('svc').sign(issuer.es), /no exp claim/));
    it('when the token says it was issued in the future, then 401', () =>
      unauthorized(
        new SignJWT({ role: 'integrator' }).setProtectedHeader({ alg: 'ES256', kid: 'es-1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('svc').setIssuedAt(Math.floor(Date.now() / 1000) + 3600).setExpirationTime('2h').sign(issuer.es),
        /issued in the future/,
      ));
    it('when the issuer is another, then 401', () => unauthorized(sign({ issuer: 'https://evil.example.test' }), /iss/));
    it('when the audience is another, then 401', () => unauthorized(sign({ audience: 'another-app' }), /aud/));
    it('when the signature is by a key the issuer did not publish, then 401', () => unauthorized(sign({ key: issuer.stranger }), /signature/));
    it('when the signature was tampered with, then 401', async () => {
      const [header, payload] = (await sign()).split('.');
      const forged = `${header}.${b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' })}.${(await sign()).split('.')[2]}`;
      await unauthorized(forged, /signature/);
    });
    it('when the token is unsigned (alg none), then 401', () => {
      const now = Math.floor(Date.now() / 1000);
      return unauthorized(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: ISSUER, aud: AUDIENCE, sub: 'x', role: 'admin', iat: now, exp: now + 300 })}.`, /algorithm|valid/);
    });
    it('when the token names an HMAC algorithm, then 401', () => {
      const now = Math.floor(Date.now() / 1000);
      return unauthorized(`${b64({ alg: 'HS256', kid: 'es-1' })}.${b64({ iss: ISSUER, aud: AUDIENCE, sub: 'x', role: 'admin', iat: now, exp: now + 300 })}.c2ln`, /algorithm/);
    });
    it('when the role claim names no known role, then 401 naming the claim', () => unauthorized(sign({ claims: { role: 'root' } }), /role claim names no known role/));
    it('when the role claim is missing, then 401', () => unauthorized(sign({ claims: { role: undefined } }), /role claim/));
    it('when the units claim is malformed, then 401', () => unauthorized(sign({ claims: { units: 'c' } }), /units claim/));
    it('when the bearer is neither a known key nor a token, then 401', () => unauthorized(Promise.resolve('not.a.jwt'), /token/));
  });

  it('when a token carries a units claim, then its commands are limited to that subtree (403 outside, 201 inside)', async () => {
    const scoped = await sign({ claims: { units: ['b'] }, subject: 'branch-sync' });
    expect((await t.http.post('/v1/units', { unitId: 'b1', name: '药学一支部', kind: 'branch', parentUnitId: 'b', effectiveFrom: '2019-01-01' }, as(scoped))).status).toBe(201);
    const body = await refused(t.http, 403, () => t.http.post('/v1/units', { unitId: 'x', name: '另一总支', kind: 'general-branch', parentUnitId: 'c', effectiveFrom: '2019-01-01' }, as(scoped)));
    expect(body.type).toMatch(/outside-key-scope/);
  });
});

describe('OIDC claims configured by name', () => {
  let t: TestApp;
  let issuer: Awaited<ReturnType<typeof localIssuer>>;

  beforeAll(async () => {
    issuer = await localIssuer();
    t = await startTestApp({ OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: AUDIENCE, OIDC_JWKS_FILE: issuer.jwksFile, OIDC_ROLE_CLAIM: 'ledger_roles', OIDC_NAME_CLAIM: 'preferred_username' });
  });
  afterAll(() => t.close());

  it('when OIDC_ROLE_CLAIM and OIDC_NAME_CLAIM name other claims, then the role and the actor come from them', async () => {
    const token = await new SignJWT({ ledger_roles: ['integrator'], preferred_username: 'hr-sync@example.test', role: 'admin' })
      .setProtectedHeader({ alg: 'ES256', kid: 'es-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('0f3c9a')
      .setExpirationTime('5m')
      .sign(issuer.es);
    const reply = await t.http.post('/v1/people', { personId: 'Q', name: '丙' }, { role: null, headers: { authorization: `Bearer ${token}` } });
    expect(reply.status).toBe(201);
    expect((await t.http.get('/v1/streams/person-Q')).body.events[0].metadata.actor).toEqual({ name: 'hr-sync@example.test', role: 'integrator' });
  });
});

describe('OIDC tokens with OIDC_TOKEN_TYPE', () => {
  let t: TestApp;
  let issuer: Awaited<ReturnType<typeof localIssuer>>;

  const signTyped = (typ: string | undefined) =>
    new SignJWT({ role: 'integrator' })
      .setProtectedHeader({ alg: 'ES256', kid: 'es-1', ...(typ === undefined ? {} : { typ }) })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('svc-hr-sync')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(issuer.es);
  const post = async (token: string, personId: string) => t.http.post('/v1/people', { personId, name: '丁' }, { role: null, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    issuer = await localIssuer();
    t = await startTestApp({ OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: AUDIENCE, OIDC_JWKS_FILE: issuer.jwksFile, OIDC_TOKEN_TYPE: 'at+jwt' });
  });
  afterAll(() => t.close());

  it('when the issuer types its access tokens at+jwt, then they are accepted, with or without the application/ prefix and in any case', async () => {
    expect((await post(await signTyped('at+jwt'), 'T1')).status).toBe(201);
    expect((await post(await signTyped('application/AT+JWT'), 'T2')).status).toBe(201);
  });

  it('when a token of the same issuer and audience is typed otherwise (an ID token’s JWT) or not at all, then 401 naming the type expected, and nothing is written', async () => {
    for (const [typ, personId] of [
      ['JWT', 'T3'],
      [undefined, 'T4'],
    ] as const) {
      const reply = await post(await signTyped(typ), personId);
      expect({ typ, status: reply.status, detail: reply.body.detail }).toEqual({ typ, status: 401, detail: "The token's typ header is not at+jwt: an access token is expected here." });
      expect((await t.http.get(`/v1/streams/person-${personId}`)).body.events ?? []).toEqual([]);
    }
  });
});
