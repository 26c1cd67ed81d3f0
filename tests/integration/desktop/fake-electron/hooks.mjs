// Module resolution hook: the `electron` package resolves to the test's stand-in.
const fake = new URL('./electron.ts', import.meta.url).href;

export const resolve = (specifier, context, next) =>
  specifier === 'electron' ? { url: fake, shortCircuit: true } : next(specifier, context);
