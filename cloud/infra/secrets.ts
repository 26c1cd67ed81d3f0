/**
 * The third-party keys, kept in Secrets Manager and created by the admin before deploying (the
 * README gives the commands): Stripe's secret key and OpenAI's API key. The stack refers to them
 * by name; functions get only their ARNs and read the values at run time (cloud/services/secrets).
 * A key left out of the configuration turns its feature off: rule-based advice, usage recorded
 * but not reported.
 */
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { StackConfig } from './config';

export interface ExternalSecretsProps {
  readonly config: StackConfig;
}

/** References to the admin-created secrets this environment uses. */
export class ExternalSecrets extends Construct {
  public readonly stripe?: ISecret;
  public readonly openAi?: ISecret;

  constructor(scope: Construct, id: string, props: ExternalSecretsProps) {
    super(scope, id);
    const { stripeSecretName, openAiSecretName } = props.config;
    if (stripeSecretName !== null)
      this.stripe = secretsmanager.Secret.fromSecretNameV2(this, 'Stripe', stripeSecretName);
    if (openAiSecretName !== null)
      this.openAi = secretsmanager.Secret.fromSecretNameV2(this, 'OpenAi', openAiSecretName);
  }
}
