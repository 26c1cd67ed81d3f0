/**
 * The Advisor port and its adapters. Composition roots pick one: the cloud builds the OpenAI
 * advisor with a key read from Secrets Manager; local mode uses `advisorFromEnv`.
 */
import { advisorConfigFromEnv } from './config';
import { createOpenAiAdvisor } from './openai';
import type { Advisor } from './port';
import { createRuleAdvisor } from './rules';

export type { Advice, AdviceKind, AdviceRequest, Advisor } from './port';
export { ADVICE_KINDS, AdvisorError } from './port';
export { createRuleAdvisor, ruleAdvice } from './rules';
export type { OpenAiAdvisorOptions } from './openai';
export { createOpenAiAdvisor, MAX_ADVICE_CHARS } from './openai';
export type { AdvisorConfig } from './config';
export { advisorConfigFromEnv, DEFAULT_MODEL, DEFAULT_TIMEOUT_MS } from './config';

/** OpenAI when OPENAI_API_KEY is set (local mode), else the rule advisor; throws on a bad setting. */
export const advisorFromEnv = (env: NodeJS.ProcessEnv): Advisor => {
  const config = advisorConfigFromEnv(env);
  if (config.adapter === 'rules') return createRuleAdvisor();
  const { apiKey, model, timeoutMs, baseURL } = config;
  return createOpenAiAdvisor({ apiKey: () => Promise.resolve(apiKey), model, timeoutMs, baseURL });
};
