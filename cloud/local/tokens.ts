/**
 * The local stand-in for Cognito: access tokens with Cognito's claim shape, signed (HS256) with a
 * key generated on first use and kept in the data folder.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { unauthorized, validationError } from '../../shared';
import type { AccessClaims, TokenIssuer } from './contracts';
import { createFileOnce, ensureDir } from './files';

/** The key's file in the data folder: a JSON Web Key, readable by its owner only. */
export const KEY_FILE = 'token-key.jwk.json';
/** The `iss` of local tokens. */
export const LOCAL_ISSUER = 'urn:stock-mate:local';
const ALG = 'HS256';
const KEY_BYTES = 32;

const jwkSchema = z.object({ kty: z.literal('oct'), alg: z.literal(ALG), k: z.string() });

const readJson = async (path: string): Promise<unknown> => {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return null;
  }
};

const loadOrCreateKey = async (dataDir: string): Promise<Uint8Array> => {
  await ensureDir(dataDir);
  const path = join(dataDir, KEY_FILE);
  const fresh = { kty: 'oct', alg: ALG, k: randomBytes(KEY_BYTES).toString('base64url') };
  const created = await createFileOnce(path, `${JSON.stringify(fresh)}\n`, 0o600).catch(
    (error: unknown) => {
      throw new Error(`cannot create the token key ${path}: ${String(error)}`);
    },
  );
  if (!created && process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) {
    // A key others can read lets them mint tokens: take their access away before using it.
    await chmod(path, 0o600);
  }
  const parsed = jwkSchema.safeParse(await readJson(path));
  const key = parsed.success ? Buffer.from(parsed.data.k, 'base64url') : Buffer.alloc(0);
  if (key.length < KEY_BYTES) {
    throw new Error(
      `the token key ${path} is damaged; delete it to make a new one (signed-in sessions will end)`,
    );
  }
  return new Uint8Array(key);
};

const claimsSchema = z.object({
  sub: z.string().min(1),
  username: z.string().min(1),
  'cognito:groups': z.array(z.string()),
  'custom:tenant_id': z.string().min(1),
  token_use: z.string(),
  iss: z.string(),
  iat: z.number(),
  exp: z.number(),
  jti: z.string().optional(),
});

const reasonOf = (error: unknown): string => {
  if (error instanceof errors.JWTExpired) return 'the token has expired; sign in again';
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return 'the token was not issued by this Stock-Mate backend; sign in again';
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return 'the token is signed in a way this backend does not accept; sign in again';
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `the token is not valid here (its ${error.claim} claim); sign in again`;
  }
  return 'the token is malformed; sign in again';
};

/** Verified tokens remembered at most; the oldest is forgotten first. */
const VERIFIED_KEPT = 1_000;

/** Opens the issuer of a data folder, creating its key on first use; `now` is for tests. */
export const openTokenIssuer = async (
  dataDir: string,
  options: { readonly now?: () => Date } = {},
): Promise<TokenIssuer> => {
  const key = await loadOrCreateKey(dataDir);
  const now = options.now ?? (() => new Date());
  // Every request and socket message presents its token: one whose signature was checked is
  // remembered (the exact text, so nothing else can match it) and only its expiry checked again.
  const verified = new Map<string, AccessClaims>();

  return {
    issue: async (user, ttlSeconds) => {
      if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
        throw validationError('ttlSeconds', 'must be a positive number of seconds');
      }
      const blank = (['sub', 'username', 'tenantId'] as const).find((f) => user[f].trim() === '');
      if (blank !== undefined) throw validationError(blank, 'must not be empty');
      const iat = Math.floor(now().getTime() / 1000);
      return new SignJWT({
        username: user.username,
        'cognito:groups': [...user.groups],
        'custom:tenant_id': user.tenantId,
        token_use: 'access',
      })
        .setProtectedHeader({ alg: ALG, typ: 'JWT' })
        .setSubject(user.sub)
        .setIssuer(LOCAL_ISSUER)
        .setIssuedAt(iat)
        .setExpirationTime(iat + Math.floor(ttlSeconds))
        .setJti(randomUUID())
        .sign(key);
    },

    verify: async (token) => {
      if (typeof token !== 'string' || token.trim() === '') throw unauthorized('sign in first');
      const known = verified.get(token);
      if (known !== undefined) {
        if (known.exp > Math.floor(now().getTime() / 1000)) return known;
        verified.delete(token);
      }
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: [ALG],
          issuer: LOCAL_ISSUER,
          requiredClaims: ['sub', 'iat', 'exp'],
          currentDate: now(),
        }));
      } catch (error) {
        throw unauthorized(reasonOf(error));
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success)
        throw unauthorized('the token lacks the claims of a user; sign in again');
      if (claims.data.token_use !== 'access') {
        throw unauthorized('the token is not an access token; sign in with an access token');
      }
      const accepted = { ...claims.data, token_use: 'access' } satisfies AccessClaims;
      if (verified.size >= VERIFIED_KEPT) verified.delete(verified.keys().next().value!);
      verified.set(token, accepted);
      return accepted;
    },
  };
};
