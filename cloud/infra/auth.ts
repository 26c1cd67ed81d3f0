/**
 * Sign-in: a Cognito user pool whose users come from Google (no self-service passwords), the
 * hosted UI domain, and one public app client for the desktop — authorization code with PKCE,
 * redirecting to the app's own scheme or a loopback URL. The pre-token-generation trigger (V2,
 * which needs the Essentials plan) puts each user's tenant and role from the database into the
 * access token; the groups exist so the role names are the pool's own.
 */
import { Aws, Duration, RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { roleRank } from '../app/operation';
import { envNames } from '../lambda/env';
import type { StackConfig } from './config';
import type { Database } from './database';
import { ProjectFunction } from './function';

export interface AuthProps {
  readonly config: StackConfig;
  readonly database: Database;
  readonly logRetention: RetentionDays;
}

/** The user pool, Google sign-in, hosted UI, desktop client, role groups and the token trigger. */
export class Auth extends Construct {
  public readonly userPool: cognito.UserPool;
  public readonly desktopClient: cognito.UserPoolClient;
  /** The hosted UI's host name, `<prefix>.auth.<region>.amazoncognito.com`. */
  public readonly hostedUiDomain: string;
  public readonly preTokenFunction: ProjectFunction;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    const { config, database } = props;
    const prod = config.envName === 'prod';

    this.preTokenFunction = new ProjectFunction(this, 'PreToken', {
      entry: 'pre-token',
      description: "Puts the user's tenant and role into Cognito tokens",
      // Cognito waits 5 seconds for a trigger; a longer timeout would only hide a failure.
      timeout: Duration.seconds(5),
      memorySize: 1024,
      logRetention: props.logRetention,
      environment: {
        [envNames.allowedEmailDomains]: config.auth.allowedEmailDomains.join(','),
      },
    });
    database.connect(this.preTokenFunction);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      accountRecovery: cognito.AccountRecovery.NONE,
      deletionProtection: prod,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.userPool.addTrigger(
      cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      this.preTokenFunction.function,
      cognito.LambdaVersion.V2_0,
    );

    const google = new cognito.UserPoolIdentityProviderGoogle(this, 'Google', {
      userPool: this.userPool,
      clientId: config.auth.googleClientId,
      // A CloudFormation dynamic reference: the value never enters the template.
      clientSecretValue: SecretValue.secretsManager(config.auth.googleClientSecretName),
      scopes: ['openid', 'email', 'profile'],
      attributeMapping: {
        email: cognito.ProviderAttribute.GOOGLE_EMAIL,
        emailVerified: cognito.ProviderAttribute.GOOGLE_EMAIL_VERIFIED,
        givenName: cognito.ProviderAttribute.GOOGLE_GIVEN_NAME,
        familyName: cognito.ProviderAttribute.GOOGLE_FAMILY_NAME,
      },
    });

    const prefix = config.auth.domainPrefix ?? `stockmate-${config.envName}-${Aws.ACCOUNT_ID}`;
    this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: prefix } });
    this.hostedUiDomain = `${prefix}.auth.${Aws.REGION}.amazoncognito.com`;

    this.desktopClient = this.userPool.addClient('Desktop', {
      userPoolClientName: 'stock-mate-desktop',
      // A desktop app cannot keep a secret: a public client, with PKCE on the code exchange.
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [...config.auth.callbackUrls],
        logoutUrls: [...config.auth.logoutUrls],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.GOOGLE],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    this.desktopClient.node.addDependency(google);

    // Highest role first, so Cognito's precedence agrees with the API's ranking.
    const byRank = Object.entries(roleRank).sort(([, a], [, b]) => b - a);
    byRank.forEach(([role], precedence) => {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        precedence,
        description: `Stock-Mate ${role}s`,
      });
    });

    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          "Users sign in only through Google (no pool passwords), so the second factor is Google account 2-Step Verification, enforced by the organisation's Google Workspace policy.",
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The Essentials plan provides access-token customisation, which the tenant claim needs; Plus adds threat protection for pool passwords, which this pool does not use (Google federation only).',
      },
    );
  }
}
