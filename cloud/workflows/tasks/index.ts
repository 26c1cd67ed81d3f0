import type { TaskFunction } from '../definitions';
import { adviseTask } from './advise';
import { analyseIssuesTask } from './analyse-issues';
import { meterUsageTask } from './meter-usage';
import { notifyTask } from './notify';
import type { TaskPorts } from './ports';
import { recordRunTask } from './record-run';
import { analyseBatchTask, listProductBatchesTask, summariseAnalysisTask } from './usage-analysis';

export type { TaskPorts } from './ports';

/** A task as a Lambda runs it and as the local runner runs it: JSON in, JSON out. */
export type TaskHandler = (input: never, ports: TaskPorts) => Promise<unknown>;

/** Every task function of the state machines, by the name their ASL placeholders use. */
export const tasks: Readonly<Record<TaskFunction, TaskHandler>> = {
  AnalyseIssues: analyseIssuesTask,
  Advise: adviseTask,
  Notify: notifyTask,
  MeterUsage: meterUsageTask,
  RecordRun: recordRunTask,
  ListProductBatches: listProductBatchesTask,
  AnalyseBatch: analyseBatchTask,
  SummariseAnalysis: summariseAnalysisTask,
};
