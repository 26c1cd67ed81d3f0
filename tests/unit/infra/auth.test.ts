import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { environmentOf, prodContext, referencedId, synthesize } from './fixture';

const dev = synthesize();
const prod = synthesize(prodContext);

describe('the Auth construct', () => {
  it('signs users in through Google only, with the client secret resolved from Secrets Manager', () => {
    dev.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UserPoolTier: 'ESSENTIALS',
    });
    dev.template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderType: 'Google',
      ProviderDetails: Match.objectLike({
        client_id: '000000000000-placeholder.apps.googleusercontent.com',
        client_secret:
          '{{resolve:secretsmanager:stockmate/dev/google-client-secret:SecretString:::}}',
        authorize_scopes: 'openid email profile',
      }),
      AttributeMapping: Match.objectLike({ email: 'email', email_verified: 'email_verified' }),
    });
  });

  it('gives the desktop a public client: authorization code (PKCE), app-scheme and loopback redirects', () => {
    dev.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      SupportedIdentityProviders: ['Google'],
      CallbackURLs: ['stockmate://auth/callback', 'http://localhost:42813/auth/callback'],
      LogoutURLs: ['stockmate://auth/signed-out', 'http://localhost:42813/auth/signed-out'],
      ExplicitAuthFlows: Match.absent(),
    });
  });

  it('puts tenant and role into tokens with the version 2 pre-token trigger, reading the read-write user', () => {
    const trigger = dev.logicalId(dev.stack.auth.preTokenFunction.function);
    dev.template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: {
        PreTokenGenerationConfig: {
          LambdaArn: { 'Fn::GetAtt': [trigger, 'Arn'] },
          LambdaVersion: 'V2_0',
        },
      },
    });
    const props = dev.functionProps(dev.stack.auth.preTokenFunction);
    expect(referencedId(environmentOf(props)['DB_SECRET_ARN'])).toBe(
      dev.logicalId(dev.stack.database.appUserSecret),
    );
    expect(props['Timeout']).toBeLessThanOrEqual(5);
  });

  it('creates the four role groups, admin first', () => {
    const groups = Object.values(dev.template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => (g as { Properties: { GroupName: string; Precedence: number } }).Properties,
    );
    expect(groups.sort((a, b) => a.Precedence - b.Precedence).map((g) => g.GroupName)).toEqual([
      'admin',
      'manager',
      'clerk',
      'viewer',
    ]);
  });

  it('names the hosted UI domain after the environment and the account', () => {
    dev.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['stockmate-dev-', { Ref: 'AWS::AccountId' }]] },
    });
  });

  it('protects the prod user pool from deletion', () => {
    prod.template.hasResource('AWS::Cognito::UserPool', {
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
      DeletionPolicy: 'Retain',
    });
    dev.template.hasResourceProperties('AWS::Cognito::UserPool', {
      DeletionProtection: 'INACTIVE',
    });
  });
});
