/**
 * cdk-nag's AwsSolutions checks. In cdk-nag 3 a rule pack is a CDK policy-validation plugin (the
 * successor of the aspect): synth stops on any finding that no construct acknowledges, and every
 * acknowledgement in this app carries its reason next to the construct it concerns.
 */
import { Validations } from 'aws-cdk-lib';
import type { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/** Registers the AwsSolutions pack on the app. */
export const applyNag = (app: App): void => {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
};
