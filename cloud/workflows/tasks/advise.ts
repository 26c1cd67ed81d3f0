import type { IssuesFound, TaskPorts } from './ports';

/** Task Advise: short operator advice for each issue; if the advisor fails, the workflow notifies without it. */
export const adviseTask = async (input: IssuesFound, ports: TaskPorts): Promise<IssuesFound> => {
  const issues = [];
  for (const issue of input.issues) {
    const advice = await ports.advisor.advise({
      kind: issue.kind,
      product: issue.product,
      numbers: issue.numbers,
    });
    issues.push({ ...issue, advice: { text: advice.text, source: advice.source } });
  }
  return { ...input, issues };
};
