import { MAX_QUANTITY, invalidFields, type FieldIssue } from '../core';
import { tryParseDate } from '../core/dates';
import type { ModelName, SeasonalProfile, UsageInput } from './types';

/** A checked `UsageInput` with defaults applied and the date as an epoch day. */
export interface CheckedInput {
  readonly series: Float64Array;
  readonly lastDay: number;
  readonly horizon: number;
  readonly leadTime: number;
  readonly serviceLevel: number;
  readonly reviewPeriod: number;
  readonly minStock: number | null;
  readonly maxStock: number | null;
  readonly profile: SeasonalProfile | null;
  readonly intervalLevel: number;
  readonly models: ReadonlySet<ModelName> | null;
}

const MODEL_NAMES: ReadonlySet<string> = new Set<ModelName>([
  'zero',
  'mean',
  'seasonal-naive',
  'holt-winters',
  'croston-sba',
  'regression-recent',
  'regression-trend',
  'regression-yearly',
]);

const isWholeIn = (value: number, min: number, max: number): boolean =>
  Number.isInteger(value) && value >= min && value <= max;

/** Checks an analyser input, naming every bad field in one ValidationError. */
export const checkInput = (input: UsageInput): CheckedInput => {
  const issues: FieldIssue[] = [];
  const problem = (field: string, message: string): void => {
    issues.push({ field, message });
  };
  const series = Float64Array.from(input.series);
  const bad = series.findIndex((value) => !Number.isFinite(value) || value < 0);
  if (bad >= 0) problem(`series.${bad}`, 'must be a finite number, zero or more');
  const lastDay = tryParseDate(input.lastDate);
  if (lastDay === null) problem('lastDate', 'must be a date (YYYY-MM-DD)');
  if (!isWholeIn(input.horizonDays, 1, 365)) problem('horizonDays', 'must be a whole number 1–365');
  if (!isWholeIn(input.leadTimeDays, 0, 365)) {
    problem('leadTimeDays', 'must be a whole number 0–365');
  }
  if (!(input.serviceLevel >= 0.5 && input.serviceLevel <= 0.999)) {
    problem('serviceLevel', 'must be between 0.5 and 0.999');
  }
  const reviewPeriod = input.reviewPeriodDays ?? 7;
  if (!isWholeIn(reviewPeriod, 0, 365)) problem('reviewPeriodDays', 'must be a whole number 0–365');
  const minStock = input.minStock ?? null;
  const maxStock = input.maxStock ?? null;
  if (minStock !== null && !isWholeIn(minStock, 0, MAX_QUANTITY)) {
    problem('minStock', 'must be a whole number, zero or more');
  }
  if (maxStock !== null && !isWholeIn(maxStock, 0, MAX_QUANTITY)) {
    problem('maxStock', 'must be a whole number, zero or more');
  }
  if (minStock !== null && maxStock !== null && maxStock < minStock) {
    problem('maxStock', 'must not be below minStock');
  }
  const intervalLevel = input.intervalLevel ?? 0.95;
  if (!(intervalLevel >= 0.5 && intervalLevel <= 0.999)) {
    problem('intervalLevel', 'must be between 0.5 and 0.999');
  }
  const profile = input.profile ?? null;
  if (profile !== null) checkProfile(profile, problem);
  const models = input.models === undefined ? null : new Set(input.models);
  if (models !== null) {
    const unknown = [...models].find((name) => !MODEL_NAMES.has(name));
    if (unknown !== undefined) problem('models', `unknown model ${JSON.stringify(unknown)}`);
    if (models.size === 0) problem('models', 'must name at least one model');
  }
  if (issues.length > 0 || lastDay === null) throw invalidFields(issues);
  return {
    series,
    lastDay,
    horizon: input.horizonDays,
    leadTime: input.leadTimeDays,
    serviceLevel: input.serviceLevel,
    reviewPeriod,
    minStock,
    maxStock,
    profile,
    intervalLevel,
    models,
  };
};

const checkProfile = (
  profile: SeasonalProfile,
  problem: (field: string, message: string) => void,
): void => {
  const positive = (value: number): boolean => Number.isFinite(value) && value >= 0;
  if (profile.weekly.length !== 7 || !profile.weekly.every(positive)) {
    problem('profile.weekly', 'must be seven factors, zero or more');
  }
  if (profile.yearly !== null) {
    const ok = profile.yearly.length % 2 === 0 && profile.yearly.every(Number.isFinite);
    if (!ok) problem('profile.yearly', 'must be pairs of finite Fourier coefficients');
  }
};
