import type { ResolverEvent, ResolverResult } from '../api/handler';

/** Claims of an access token, as Cognito issues them and the local issuer copies. */
export interface AccessClaims {
  readonly sub: string;
  readonly username: string;
  readonly 'cognito:groups': readonly string[];
  readonly 'custom:tenant_id': string;
  readonly token_use: 'access';
  readonly iss: string;
  readonly iat: number;
  readonly exp: number;
}

/** Signs and verifies local access tokens with a key kept in the data folder. */
export interface TokenIssuer {
  /** A signed token for a user of a tenant, valid for `ttlSeconds`. */
  issue(
    user: { sub: string; username: string; tenantId: string; groups: readonly string[] },
    ttlSeconds: number,
  ): Promise<string>;
  /** The token's claims; throws an Unauthorized StockMateError when forged, malformed or expired. */
  verify(token: string): Promise<AccessClaims>;
}

export interface LocalServerOptions {
  /** The schema, in AppSync's dialect (shared/schema/schema.graphql). */
  readonly schema: string;
  /** Resolves one top-level field, as AppSync's resolvers do. */
  readonly resolve: (event: ResolverEvent) => Promise<ResolverResult>;
  readonly tokens: TokenIssuer;
  /** 127.0.0.1 unless told otherwise. */
  readonly host?: string;
  /** An ephemeral port when 0 or absent. */
  readonly port?: number;
  /** Largest request body accepted, in bytes. */
  readonly maxBodyBytes?: number;
  /** Requests per minute allowed per token before RateLimited. */
  readonly requestsPerMinute?: number;
  readonly log?: (message: string, error?: unknown) => void;
}

/** The AppSync-compatible endpoint: POST /graphql and the real-time protocol on /graphql/realtime. */
export interface LocalServer {
  readonly endpoint: string;
  readonly realtimeEndpoint: string;
  /** Runs a publish mutation as the backend (IAM), fanning its result out to subscribers. */
  publish(field: 'publishStockChanged' | 'publishNotification', input: object): Promise<void>;
  /** Stops accepting, finishes requests in flight, closes sockets. */
  close(): Promise<void>;
}
