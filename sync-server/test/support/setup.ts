/**
 * Shared test setup. Specs start real servers and processes, which takes seconds on a busy 2-core
 * machine: Jasmine's 5-second default is too short for that, not a sign of a hang.
 */
jasmine.DEFAULT_TIMEOUT_INTERVAL = 60_000;

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
  // Jasmine declares its matchers in a namespace; a custom matcher extends it.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jasmine {
    interface Matchers<T> {
      toBeOneOf(expected: T[]): boolean;
    }
  }
}

export {};
