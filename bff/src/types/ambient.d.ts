// Minimal ambient types for what we use: Node has WebAssembly at run time but the ES libs do not declare it,
// and ioredis-mock ships no types (it stands in for an ioredis client, and is used only as one).
declare namespace WebAssembly {
  type Exports = Record<string, unknown>;
  type Module = object;
  interface Instance {
    readonly exports: Exports;
  }
  function compile(bytes: Uint8Array): Promise<Module>;
  function instantiate(module: Module, imports?: Record<string, Record<string, unknown>>): Promise<Instance>;
}

declare module 'ioredis-mock' {
  const RedisMock: new (options?: Record<string, unknown>) => unknown;
  export default RedisMock;
}
