declare module 'markdown-it-texmath';
declare module '@observablehq/runtime' {
  export interface Observer<T = unknown> {
    pending?(): void;
    fulfilled?(value: T, name?: string): void;
    rejected?(error: unknown, name?: string): void;
  }
  export interface Variable {
    define(name: string | null, inputs: readonly string[], definition: (...args: never[]) => unknown): Variable;
    define(name: string, definition: unknown): Variable;
    delete(): void;
  }
  export interface Module {
    variable(observer?: Observer | boolean): Variable;
    define(name: string, inputs: readonly string[], definition: (...args: never[]) => unknown): Variable;
    redefine(name: string, inputs: readonly string[], definition: (...args: never[]) => unknown): Variable;
    value(name: string): Promise<unknown>;
  }
  export class Runtime {
    constructor(builtins?: Record<string, unknown>);
    module(): Module;
    dispose(): void;
  }
}
declare module '*.md' {
  import type { TheoryPage } from './build/render-theory.ts';
  const page: TheoryPage;
  export default page;
}
