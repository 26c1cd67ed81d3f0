declare module 'asl-validator' {
  interface ValidationResult {
    isValid: boolean;
    errors: { errorCode: string; message: string; path?: string }[];
  }
  const validator: (
    definition: unknown,
    options?: { checkPaths?: boolean; checkArn?: boolean },
  ) => ValidationResult;
  export = validator;
}
