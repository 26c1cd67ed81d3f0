/**
 * The error, of class `type`, that `promise` rejects with. A promise that resolves, or rejects
 * with anything else, fails the test with what happened instead.
 */
export const refusalOf = async <E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}, but the promise resolved`);
};
