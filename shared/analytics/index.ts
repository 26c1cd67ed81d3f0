/** The usage analyser: demand forecasting, safety stock and reorder points from daily history. */
export { analyseUsage } from './analyse';
export { addDays, formatDate, parseDate, tryParseDate } from '../core/dates';
export { seasonalProfile } from './profile';
export { DEAD_STOCK_DAYS, plannedMaximum } from './short-history';
export { dailyDemandSeries, type DemandMovement } from './series';
export type {
  BacktestSummary,
  ForecastPoint,
  HistoryStatus,
  HistorySummary,
  ModelName,
  ModelScore,
  SeasonalProfile,
  SeasonalityFinding,
  UncertaintyMethod,
  UncertaintySummary,
  UsageAnalysis,
  UsageInput,
} from './types';
export {
  analyseIssues,
  notificationKinds,
  severities,
  type NotificationKind,
  orderQuantity,
  stockStatus,
  type Decision,
  type Finding,
  type IssueAnalysis,
  type IssueKind,
  type OpenOrder,
  type ProductSituation,
  type Severity,
  type StockStatus,
  type Supplier,
} from './issues';
