/**
 * A stand-in for Cognito's OAuth 2.0 endpoints on 127.0.0.1, speaking their wire format:
 * form-encoded POSTs to /oauth2/token (authorization_code with PKCE, refresh_token) and
 * /oauth2/revoke, JSON answers, and `{"error": "invalid_grant"}` refusals.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned JWT with Cognito's claims (the shell only reads claims). */
export const fakeJwt = (claims: Record<string, unknown>) =>
  `${b64url({ alg: 'RS256', kid: 'test' })}.${b64url(claims)}.c2lnbmF0dXJl`;

interface Grant {
  readonly challenge: string;
  readonly redirectUri: string;
  readonly clientId: string;
}

export const startCognito = async (options: { clientId: string; expiresIn?: number }) => {
  const grants = new Map<string, Grant>();
  const refreshTokens = new Set<string>();
  const revoked: string[] = [];
  const requests: { path: string; form: Record<string, string>; type: string }[] = [];

  const tokensFor = () => {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (options.expiresIn ?? 3600);
    return {
      access_token: fakeJwt({
        sub: 'u-1',
        username: 'google_123',
        'cognito:groups': ['manager'],
        token_use: 'access',
        client_id: options.clientId,
        exp,
        iat: now,
      }),
      id_token: fakeJwt({ sub: 'u-1', email: 'ann@example.com', 'custom:tenant_id': 't-9', exp }),
      token_type: 'Bearer',
      expires_in: options.expiresIn ?? 3600,
    };
  };

  const send = (res: ServerResponse, status: number, body: object) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => resolve(text));
    });

  const server = createServer((req, res) => {
    void read(req).then((text) => {
      const form = Object.fromEntries(new URLSearchParams(text));
      requests.push({ path: req.url ?? '', form, type: req.headers['content-type'] ?? '' });
      if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') {
        return send(res, 400, { error: 'invalid_request' });
      }
      if (form['client_id'] !== options.clientId)
        return send(res, 400, { error: 'invalid_client' });
      if (req.url === '/oauth2/revoke') {
        revoked.push(form['token'] ?? '');
        refreshTokens.delete(form['token'] ?? '');
        return res.writeHead(200).end();
      }
      if (req.url !== '/oauth2/token') return send(res, 404, { error: 'not_found' });
      if (form['grant_type'] === 'authorization_code') {
        const grant = grants.get(form['code'] ?? '');
        grants.delete(form['code'] ?? '');
        const verifier = form['code_verifier'] ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (
          grant === undefined ||
          grant.redirectUri !== form['redirect_uri'] ||
          grant.challenge !== challenge
        ) {
          return send(res, 400, { error: 'invalid_grant' });
        }
        const refresh = `refresh-${randomUUID()}`;
        refreshTokens.add(refresh);
        return send(res, 200, { ...tokensFor(), refresh_token: refresh });
      }
      if (form['grant_type'] === 'refresh_token') {
        if (!refreshTokens.has(form['refresh_token'] ?? '')) {
          return send(res, 400, { error: 'invalid_grant' });
        }
        return send(res, 200, tokensFor());
      }
      return send(res, 400, { error: 'unsupported_grant_type' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    revoked,
    /** What the hosted UI does after Google: a code for this authorize request. */
    authorize(authorizeUrl: string): string {
      const params = new URL(authorizeUrl).searchParams;
      const code = `code-${randomUUID()}`;
      grants.set(code, {
        challenge: params.get('code_challenge') ?? '',
        redirectUri: params.get('redirect_uri') ?? '',
        clientId: params.get('client_id') ?? '',
      });
      const redirect = new URL(params.get('redirect_uri') ?? '');
      redirect.searchParams.set('code', code);
      redirect.searchParams.set('state', params.get('state') ?? '');
      return redirect.toString();
    },
    forgetRefreshTokens: () => refreshTokens.clear(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
