/**
 * The stack as `cdk synth` builds it — same app entry, same cdk.json context, cdk-nag registered —
 * but with asset bundling skipped, so construct tests take seconds. The bundles themselves are
 * built and checked by tests/integration/cloud/synth.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { createApp } from '../../../cloud/infra/app';
import type { ProjectFunction } from '../../../cloud/infra/function';
import type { StockMateStack } from '../../../cloud/infra/stack';

/** The context cdk.json gives the app. */
export const cdkJsonContext = (): Record<string, unknown> =>
  (
    JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8')) as {
      context: Record<string, unknown>;
    }
  ).context;

export interface Synthesized {
  readonly stack: StockMateStack;
  readonly template: Template;
  /** The logical id of a construct's CloudFormation resource. */
  logicalId(construct: IConstruct): string;
  /** The CloudFormation properties of a project function's Lambda. */
  functionProps(fn: ProjectFunction): Record<string, unknown>;
}

/**
 * Builds the app with cdk.json's context plus `context`, without bundling, after `extend` has
 * added to its stack. It is synthesized into a folder of its own, removed once the template is
 * read.
 */
export const synthesize = (
  context: Record<string, unknown> = {},
  extend: (stack: StockMateStack) => void = () => undefined,
): Synthesized => {
  const outdir = mkdtempSync(join(tmpdir(), 'stockmate-constructs-'));
  const { stack } = createApp({
    context: { ...cdkJsonContext(), ...context, 'aws:cdk:bundling-stacks': [] },
    outdir,
  });
  extend(stack);
  let template: Template;
  try {
    // Synthesis runs the validation plugins: an unacknowledged cdk-nag finding throws here.
    template = Template.fromStack(stack);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  const logicalId = (construct: IConstruct) => {
    const element = (construct.node.defaultChild ?? construct) as CfnElement;
    return stack.getLogicalId(element);
  };
  const resources = template.toJSON()['Resources'] as Record<
    string,
    { Properties: Record<string, unknown> }
  >;
  return {
    stack,
    template,
    logicalId,
    functionProps: (fn) => resources[logicalId(fn.function)]!.Properties,
  };
};

/** A prod build needs the settings prod has no default for. */
export const prodContext = {
  env: 'prod',
  googleClientId: '123456789012-abcdefg.apps.googleusercontent.com',
};

/** The environment variables of a project function, as the template sets them. */
export const environmentOf = (props: Record<string, unknown>): Record<string, unknown> =>
  (props['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};

/** `{ "Fn::GetAtt": [id, "Arn"] }` or `{ Ref: id }` → id; anything else → undefined. */
export const referencedId = (value: unknown): string | undefined => {
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] } | null;
  return v?.Ref ?? v?.['Fn::GetAtt']?.[0];
};
