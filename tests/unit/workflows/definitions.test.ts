import validator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import {
  definitionText,
  substituted,
  taskFunctions,
  taskStates,
  workflowNames,
} from '../../../cloud/workflows/definitions';
import { tasks } from '../../../cloud/workflows/tasks';

interface State {
  Type: string;
  Retry?: unknown[];
  Catch?: { Next: string }[];
  Branches?: { States: Record<string, State> }[];
  ItemProcessor?: { States: Record<string, State> };
}

const allStates = (states: Record<string, State>): [string, State][] =>
  Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...(state.Branches ?? []).flatMap((b) => allStates(b.States)),
    ...(state.ItemProcessor ? allStates(state.ItemProcessor.States) : []),
  ]);

const arn = (fn: string) => `arn:aws:lambda:eu-west-1:123456789012:function:stockmate-${fn}`;

describe.each(workflowNames)('the %s state machine', (name) => {
  const definition = JSON.parse(substituted(name, arn)) as {
    States: Record<string, State>;
    QueryLanguage?: string;
  };

  it('is valid Amazon States Language once its function ARNs are substituted', () => {
    const result = validator(definition, { checkPaths: true, checkArn: true });
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('is written in JSONPath, which the local runner executes (JSONata would be ignored)', () => {
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(definitionText(name)).not.toMatch(/\{%/);
  });

  it('retries every task with backoff', () => {
    const tasksWithoutRetry = allStates(definition.States).filter(
      ([, s]) => s.Type === 'Task' && (s.Retry ?? []).length === 0,
    );
    expect(tasksWithoutRetry.map(([n]) => n)).toEqual([]);
    for (const [, state] of allStates(definition.States).filter(([, s]) => s.Type === 'Task')) {
      for (const retry of state.Retry as { BackoffRate?: number; MaxAttempts?: number }[]) {
        expect(retry.BackoffRate).toBeGreaterThanOrEqual(2);
        expect(retry.MaxAttempts).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('names for every task a function that exists, through a placeholder the stack substitutes', () => {
    const found = taskStates(JSON.parse(definitionText(name)) as Parameters<typeof taskStates>[0]);
    expect(found.size).toBeGreaterThan(0);
    for (const fn of found.values()) {
      expect(taskFunctions).toContain(fn);
      expect(typeof tasks[fn]).toBe('function');
    }
    expect(definitionText(name)).not.toMatch(/arn:aws:lambda/);
  });
});

describe('the stock-changed state machine', () => {
  const definition = JSON.parse(definitionText('stock-changed')) as {
    States: Record<string, State>;
  };
  const states = new Map(allStates(definition.States));

  it('still notifies when the advisor fails', () => {
    expect(states.get('Advise')?.Catch?.[0]?.Next).toBe('Notify');
  });

  it('keeps failed billing for the sweep instead of failing the run', () => {
    const meter = states.get('MeterUsage');
    expect(meter?.Catch?.[0]?.Next).toBe('UsageKeptForSweep');
    expect(states.get('UsageKeptForSweep')?.Type).toBe('Pass');
  });

  it('meters usage in a branch parallel to the analysis', () => {
    const parallel = states.get('AfterStockChange');
    expect(parallel?.Type).toBe('Parallel');
    expect(parallel?.Branches?.map((b) => Object.keys(b.States)[0])).toEqual([
      'AnalyseIssues',
      'MeterUsage',
    ]);
  });
});

describe('the task functions', () => {
  it('are each used by some state machine', () => {
    const used = new Set(
      workflowNames.flatMap((n) => [
        ...taskStates(JSON.parse(definitionText(n)) as Parameters<typeof taskStates>[0]).values(),
      ]),
    );
    expect([...used].sort()).toEqual([...taskFunctions].sort());
  });
});
