/**
 * The Mocha globals that @web/test-runner provides in the browser, typed for `tsc --noEmit`.
 *
 * The project's tsconfig sets `"types": []` and @types/mocha is not installed, so without these the browser
 * tests would not type-check. Only what the tests use is declared. If @types/mocha is added to the project,
 * delete this file.
 */
interface MochaContext {
  timeout(ms: number): void;
  skip(): never;
}
type MochaDone = (error?: unknown) => void;
type MochaTestFunction = (this: MochaContext, done: MochaDone) => void | Promise<unknown>;

interface MochaTestDeclaration {
  (title: string, fn?: MochaTestFunction): void;
  only(title: string, fn?: MochaTestFunction): void;
  skip(title: string, fn?: MochaTestFunction): void;
}
interface MochaSuiteDeclaration {
  (title: string, fn: (this: MochaContext) => void): void;
  only(title: string, fn: (this: MochaContext) => void): void;
  skip(title: string, fn: (this: MochaContext) => void): void;
}

declare const describe: MochaSuiteDeclaration;
declare const it: MochaTestDeclaration;
declare function before(fn: MochaTestFunction): void;
declare function after(fn: MochaTestFunction): void;
declare function beforeEach(fn: MochaTestFunction): void;
declare function afterEach(fn: MochaTestFunction): void;
