/** The parts of ml-regression the analyser uses (the package ships no type declarations). */
declare module 'ml-regression' {
  /** Ordinary least squares of y on one x. */
  export class SimpleLinearRegression {
    constructor(x: ArrayLike<number>, y: ArrayLike<number>);
    readonly slope: number;
    readonly intercept: number;
    predict(x: number): number;
  }

  /** Options of a multivariate least-squares fit. */
  export interface MultivariateLinearRegressionOptions {
    /** Add an intercept column (default true). */
    readonly intercept?: boolean;
    /** Compute standard errors and t statistics (default true). */
    readonly statistics?: boolean;
  }

  /** Ordinary least squares of one or more outputs on several inputs. */
  export class MultivariateLinearRegression {
    constructor(
      x: readonly (readonly number[])[],
      y: readonly (readonly number[])[],
      options?: MultivariateLinearRegressionOptions,
    );
    /** One row per input (then the intercept, if any), one column per output. */
    readonly weights: number[][];
    predict(x: readonly number[]): number[];
  }
}
