import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { StockMateError } from '../../../shared';
import { KEY_FILE, LOCAL_ISSUER, openTokenIssuer } from '../../../cloud/local/tokens';
import { tempDirs } from './support';

const folder = tempDirs('tokens');

const ann = { sub: 'u-ann', username: 'ann', tenantId: 'acme', groups: ['manager'] } as const;

/** The Unauthorized error `promise` rejects with. */
const refusal = async (promise: Promise<unknown>): Promise<StockMateError> => {
  const error: unknown = await promise.then(
    () => new Error('the token was accepted'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StockMateError);
  const typed = error as StockMateError;
  expect(typed.type).toBe('Unauthorized');
  return typed;
};

const secretOf = (dir: string) => {
  const jwk = JSON.parse(readFileSync(join(dir, KEY_FILE), 'utf8')) as { k: string };
  return new Uint8Array(Buffer.from(jwk.k, 'base64url'));
};

describe('the local token issuer', () => {
  it('issues access tokens with Cognito’s claim shape that verify back to the same claims', async () => {
    const issuer = await openTokenIssuer(folder());
    const token = await issuer.issue(ann, 600);
    const claims = await issuer.verify(token);
    expect(claims).toMatchObject({
      sub: 'u-ann',
      username: 'ann',
      'cognito:groups': ['manager'],
      'custom:tenant_id': 'acme',
      token_use: 'access',
      iss: LOCAL_ISSUER,
    });
    expect(claims.exp - claims.iat).toBe(600);
    expect(typeof decodeJwt(token).jti).toBe('string');
    expect(decodeJwt(await issuer.issue(ann, 600)).jti).not.toBe(decodeJwt(token).jti);
  });

  it('tells the users of one folder apart by their own tokens', async () => {
    const issuer = await openTokenIssuer(folder());
    const a = await issuer.issue(ann, 60);
    const b = await issuer.issue({ ...ann, sub: 'u-bob', username: 'bob' }, 60);
    expect((await issuer.verify(a)).sub).toBe('u-ann');
    expect((await issuer.verify(b)).username).toBe('bob');
  });

  it('refuses an expired token with a message that says to sign in again', async () => {
    const dir = folder();
    const past = await openTokenIssuer(dir, { now: () => new Date(Date.now() - 2 * 3600_000) });
    const token = await past.issue(ann, 3600);
    const issuer = await openTokenIssuer(dir);
    const error = await refusal(issuer.verify(token));
    expect(error.message).toBe('the token has expired; sign in again');
  });

  it('refuses a token it accepted before, once the token has expired', async () => {
    let clock = Date.now();
    const issuer = await openTokenIssuer(folder(), { now: () => new Date(clock) });
    const token = await issuer.issue(ann, 60);
    expect((await issuer.verify(token)).sub).toBe('u-ann');
    expect((await issuer.verify(token)).sub).toBe('u-ann');

    clock += 61_000;

    const error = await refusal(issuer.verify(token));
    expect(error.message).toBe('the token has expired; sign in again');
  });

  it('refuses a token signed with another folder’s key', async () => {
    const other = await openTokenIssuer(folder());
    const issuer = await openTokenIssuer(folder());
    const error = await refusal(issuer.verify(await other.issue(ann, 600)));
    expect(error.message).toMatch(/not issued by this Stock-Mate backend/);
  });

  it('refuses a token whose claims were changed after signing', async () => {
    const issuer = await openTokenIssuer(folder());
    const [header, payload, signature] = (await issuer.issue(ann, 600)).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as object;
    const raised = Buffer.from(
      JSON.stringify({ ...claims, 'custom:tenant_id': 'someone-else' }),
    ).toString('base64url');
    await refusal(issuer.verify(`${header}.${raised}.${signature}`));
  });

  it('refuses a correctly signed token that is not an access token', async () => {
    const dir = folder();
    const issuer = await openTokenIssuer(dir);
    const now = Math.floor(Date.now() / 1000);
    const idToken = await new SignJWT({
      username: 'ann',
      'cognito:groups': ['manager'],
      'custom:tenant_id': 'acme',
      token_use: 'id',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u-ann')
      .setIssuer(LOCAL_ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(secretOf(dir));
    const error = await refusal(issuer.verify(idToken));
    expect(error.message).toMatch(/not an access token/);
  });

  it('refuses a correctly signed token from another issuer', async () => {
    const dir = folder();
    const issuer = await openTokenIssuer(dir);
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ username: 'ann', token_use: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u-ann')
      .setIssuer('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(secretOf(dir));
    expect((await refusal(issuer.verify(token))).message).toMatch(/iss/);
  });

  it('refuses garbage, an empty string and an unsigned token', async () => {
    const issuer = await openTokenIssuer(folder());
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: 'u-ann', token_use: 'access', iss: LOCAL_ISSUER }),
    ).toString('base64url')}.`;
    for (const token of ['not-a-token', 'a.b.c', '', unsigned]) {
      await refusal(issuer.verify(token));
    }
  });

  it('keeps its key in the folder, private, and reuses it when the folder is opened again', async () => {
    const dir = join(folder(), 'nested', 'data');
    const first = await openTokenIssuer(dir);
    const token = await first.issue(ann, 600);
    const key = readFileSync(join(dir, KEY_FILE), 'utf8');
    if (process.platform !== 'win32') {
      expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    }
    const again = await openTokenIssuer(dir);
    expect((await again.verify(token)).sub).toBe('u-ann');
    expect(readFileSync(join(dir, KEY_FILE), 'utf8')).toBe(key);
    expect(readdirSync(dir)).toEqual([KEY_FILE]);
  });

  it('agrees on one key when two issuers open a new folder at the same time', async () => {
    const dir = folder();
    const [a, b] = await Promise.all([openTokenIssuer(dir), openTokenIssuer(dir)]);
    expect((await b.verify(await a.issue(ann, 60))).sub).toBe('u-ann');
  });

  it('refuses to start with a damaged key file instead of silently replacing it', async () => {
    const dir = folder();
    await openTokenIssuer(dir);
    writeFileSync(join(dir, KEY_FILE), '{"kty":"oct"');
    await expect(openTokenIssuer(dir)).rejects.toThrow(/damaged; delete it/);
  });

  it('refuses to issue a token without a user or with a lifetime that is not positive', async () => {
    const issuer = await openTokenIssuer(folder());
    await expect(issuer.issue({ ...ann, sub: ' ' }, 60)).rejects.toThrow(/sub/);
    await expect(issuer.issue(ann, 0)).rejects.toThrow(/ttlSeconds/);
  });
});
