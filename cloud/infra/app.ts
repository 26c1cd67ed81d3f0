/**
 * The CDK app (cdk.json runs it): the configuration of the environment named by
 * `--context env=dev|staging|prod`, the Stock-Mate stack, and cdk-nag's AwsSolutions checks.
 */
import { App } from 'aws-cdk-lib';
import type { AppProps } from 'aws-cdk-lib';
import { ConfigError, loadConfig } from './config';
import { applyNag } from './nag';
import { StockMateStack } from './stack';

/** Builds the app; tests call this with cdk.json's context, `cdk synth` through the entry below. */
export const createApp = (props: AppProps = {}) => {
  const app = new App(props);
  const config = loadConfig((key) => app.node.tryGetContext(key) as unknown);
  const stack = new StockMateStack(app, config.stackName, {
    config,
    description: `Stock-Mate (${config.envName}): inventory management backend`,
    ...(config.account === undefined && config.region === undefined
      ? {}
      : { env: { account: config.account, region: config.region } }),
    tags: { application: 'stock-mate', environment: config.envName },
  });
  applyNag(app);
  return { app, stack, config };
};

// Run by the CDK CLI (it sets CDK_OUTDIR), not when a test imports this module.
if (process.env['CDK_OUTDIR'] !== undefined) {
  try {
    createApp().app.synth();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Stock-Mate configuration: ${error.message}`);
    process.exitCode = 1;
  }
}
