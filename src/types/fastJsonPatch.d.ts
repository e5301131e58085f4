// fast-json-patch ships its ES module as index.mjs without an exports map or .d.mts; Node's ESM loader
// cannot name the CommonJS main's exports, so the module file is imported by path and typed here.
declare module 'fast-json-patch/index.mjs' {
  export * from 'fast-json-patch'
}
