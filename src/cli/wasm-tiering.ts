import { setFlagsFromString } from 'node:v8';

// Node's fetch parses HTTP with llhttp compiled to WebAssembly. V8's dynamic tiering recompiles
// llhttp's one large parse function with its optimizing compiler after the first responses:
// 0.1-0.15 s of CPU on a background thread (perf: TurboFan's wasm pipeline), more than a run over
// a few boards spends parsing HTTP in all. Ten times V8's budget (1.8 MB, "bytes executed") leaves
// that to runs that parse enough to gain from it. Imported first by main.ts: the budget must be in
// place before the first request compiles the module.
setFlagsFromString('--wasm-tiering-budget=18000000');
