// The command line as a few bundled files (dist/cli/), made by `npm run build` after tsc.
//
// Why: a run over one small board spent about half of its start-up CPU in Node's ES module loader
// (about 280 module files, 95 of them zod's) rather than in our code. One bundle with a chunk per
// lazily imported part (esbuild's code splitting) keeps every `import()` lazy and loads a few
// files instead. Packages that find files next to their own code (workers, static assets, native
// addons) stay external and load from node_modules as usual; all of them are off the start-up path.
//
// Layout: every output sits flat in dist/cli/, so the code that starts a worker thread by a path
// relative to itself (`./docx-worker.js`, `./parse-worker.js`) finds it beside the chunk it is in,
// and the web page's assets are copied to dist/web/ (`../web` from dist/cli/, as from
// dist/src/server/plugins/ in the tsc output).
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');

/** Kept out of the bundle: they read files beside their own code, or are native, or both. */
const EXTERNAL = [
  'playwright',
  'playwright-core',
  'pdfjs-dist',
  'better-sqlite3',
  // fastify's logger starts worker files; swagger and bull-board read their own package files.
  'fastify',
  '@fastify/*',
  '@bull-board/*',
  'prom-client',
  'bullmq',
  'ioredis',
  'undici',
  // Required on first use through createRequire (src/output/html.ts).
  'sanitize-html',
];

// Bundled CommonJS code calls require(), __filename and __dirname, which ES modules lack (no
// global such as URL here: a bundled module may declare its own under that name).
const banner = [
  "import { createRequire as __jmCreateRequire } from 'node:module';",
  'const require = __jmCreateRequire(import.meta.url);',
  'const __filename = import.meta.filename;',
  'const __dirname = import.meta.dirname;',
].join(' ');

// Chunk names change with their content: old ones would pile up.
rmSync(path.join(dist, 'cli'), { recursive: true, force: true });

const result = await build({
  entryPoints: {
    main: path.join(dist, 'src/cli/main.js'),
    'docx-worker': path.join(dist, 'src/generate/render/docx-worker.js'),
    'parse-worker': path.join(dist, 'src/batch/parse-worker.js'),
    // Imported by a parse thread by its file name (src/screen/thread-assess.ts).
    'thread-assess': path.join(dist, 'src/screen/thread-assess.js'),
  },
  outdir: path.join(dist, 'cli'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  banner: { js: banner },
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
});
// esbuild's record of which chunk holds which module (dist/cli-meta.json): which packages a run
// loads is read from it (tests/cli/built-cli.test.ts keeps heavy ones off the start-up path).
writeFileSync(path.join(dist, 'cli-meta.json'), JSON.stringify(result.metafile));

cpSync(path.join(root, 'src/server/web'), path.join(dist, 'web'), { recursive: true });
cpSync(path.join(root, 'src/server/web'), path.join(dist, 'src/server/web'), { recursive: true });
