import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The state machines, by name; each is an ASL file beside this module. */
export const workflowNames = ['stock-changed', 'usage-analysis'] as const;
export type WorkflowName = (typeof workflowNames)[number];

/** The functions Task states call, by the name their ARN placeholder uses (`${<Name>FunctionArn}`). */
export const taskFunctions = [
  'AnalyseIssues',
  'Advise',
  'Notify',
  'MeterUsage',
  'RecordRun',
  'ListProductBatches',
  'AnalyseBatch',
  'SummariseAnalysis',
] as const;
export type TaskFunction = (typeof taskFunctions)[number];

export const definitionPath = (name: WorkflowName): string =>
  fileURLToPath(new URL(`./${name}.asl.json`, import.meta.url));

/** The ASL text as written, with its `${...FunctionArn}` placeholders. */
export const definitionText = (name: WorkflowName): string =>
  readFileSync(definitionPath(name), 'utf8');

interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly Branches?: readonly { readonly States: Readonly<Record<string, AslState>> }[];
  readonly ItemProcessor?: { readonly States: Readonly<Record<string, AslState>> };
  readonly Iterator?: { readonly States: Readonly<Record<string, AslState>> };
}

const placeholder = /^\$\{([A-Za-z]+)FunctionArn\}$/;

/** Every Task state of a definition (nested ones too), with the function its placeholder names. */
export const taskStates = (definition: {
  readonly States: Readonly<Record<string, AslState>>;
}): Map<string, TaskFunction> => {
  const found = new Map<string, TaskFunction>();
  const visit = (states: Readonly<Record<string, AslState>>) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task') {
        const fn = placeholder.exec(state.Resource ?? '')?.[1];
        if (fn === undefined || !(taskFunctions as readonly string[]).includes(fn)) {
          throw new Error(
            `Task state ${name} does not name a known function: ${state.Resource ?? '(no Resource)'}`,
          );
        }
        found.set(name, fn as TaskFunction);
      }
      for (const branch of state.Branches ?? []) visit(branch.States);
      if (state.ItemProcessor) visit(state.ItemProcessor.States);
      if (state.Iterator) visit(state.Iterator.States);
    }
  };
  visit(definition.States);
  return found;
};

/** The definition with each `${<Name>FunctionArn}` replaced, as CDK's definition substitutions do. */
export const substituted = (name: WorkflowName, arnOf: (fn: TaskFunction) => string): string =>
  definitionText(name).replace(/\$\{([A-Za-z]+)FunctionArn\}/g, (_m, fn: string) =>
    arnOf(fn as TaskFunction),
  );
