/** toBeOneOf: the actual value is one of the listed ones (status codes that are all correct). */
beforeAll(() => {
  jasmine.addMatchers({
    toBeOneOf: () => ({
      compare: (actual: unknown, expected: unknown[]) => ({
        pass: expected.includes(actual),
        message: `Expected ${JSON.stringify(actual)} to be one of ${JSON.stringify(expected)}`,
      }),
    }),
  });
});

declare global {
  namespace jasmine {
    interface Matchers<T> {
      toBeOneOf(expected: T[]): boolean;
    }
  }
}

export {};
