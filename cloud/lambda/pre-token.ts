/**
 * Cognito's pre-token-generation trigger (event version 2): before Cognito issues tokens, it reads
 * the user's membership from the database — creating it on first sign-in (see tenancy.ts) — and
 * puts the tenant (`custom:tenant_id`) and the role (as `cognito:groups`) into the access and ID
 * tokens. The database is the authority: a role changed there applies at the next token refresh.
 */
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { TENANT_CLAIM } from '../api/caller';
import type { Env } from './env';
import { envNames, lazyHandler, optional, required } from './env';
import { cloudDatabase } from './database';
import type { SignedInUser } from './tenancy';
import { membershipFor } from './tenancy';

export interface PreTokenDeps {
  readonly rdsData: RDSDataClient;
}

/** Domains allowed to sign up, from ALLOWED_EMAIL_DOMAINS (comma-separated; empty allows all). */
export const allowedDomains = (env: Env): string[] =>
  (
    optional(env, envNames.allowedEmailDomains, {
      pattern: /^[a-z0-9.,-]+$/,
      description: 'a comma-separated list of lower-case domains',
    }) ?? ''
  )
    .split(',')
    .filter((d) => d !== '');

/** The user as the trigger describes them. */
export const userOf = (event: PreTokenGenerationV2TriggerEvent): SignedInUser => {
  const attributes = event.request.userAttributes;
  const userId = attributes['sub'];
  if (userId === undefined || userId === '') throw new Error('the token request names no user');
  return {
    userId,
    email: attributes['email'] ?? null,
    emailVerified: attributes['email_verified'] === 'true',
  };
};

/** Builds the trigger: the same event back, with the tenant claim and the role group set. */
export const createPreTokenHandler = (env: Env, deps: PreTokenDeps) => {
  const db = cloudDatabase(env, deps.rdsData);
  const domains = allowedDomains(env);
  return async (event: PreTokenGenerationV2TriggerEvent) => {
    const membership = await membershipFor(db, userOf(event), domains);
    const claims = { [TENANT_CLAIM]: membership.tenantId };
    event.response = {
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: claims },
        accessTokenGeneration: { claimsToAddOrOverride: claims },
        groupOverrideDetails: { groupsToOverride: [membership.role] },
      },
    };
    return event;
  };
};

export const handler = lazyHandler(() =>
  createPreTokenHandler(process.env, {
    rdsData: new RDSDataClient({ region: required(process.env, envNames.region) }),
  }),
);
