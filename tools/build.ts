/**
 * `deno task build`: descent for everything that is not Deno.
 *
 * - `dist/npm/`: an npm package (`npm install path/to/dist/npm`) of ES modules, one entry per
 *   export of the library packages (`descent/autograd`, `descent/tensor`,
 *   `descent/tensor/extend`, `descent/losses`, `descent/optim`, `descent/data`, `descent/io`,
 *   `descent/nn`) sharing their common code in
 *   chunks, so there is one `Tensor` class; bundled by esbuild, with type declarations written
 *   by TypeScript's compiler.
 * - `dist/web/`: the interactive tutorial (`web/`), a static page any file server can serve.
 *
 * Both tools come from npm, pinned in the root `deno.lock`. The library packages themselves
 * depend on neither.
 *
 * @module
 */

import * as esbuild from "npm:esbuild@0.28.2";
import ts from "npm:typescript@6.0.3";
import { entries, type Entry } from "./packages.ts";

const ROOT = new URL("..", import.meta.url).pathname;

/** esbuild resolves `@descent/…` to the export's source file, as the workspace does. */
function workspacePlugin(es: Entry[]): esbuild.Plugin {
  const files = new Map(es.map((e) => [e.specifier, `${ROOT}${e.file}`]));
  return {
    name: "descent-workspace",
    setup(build) {
      build.onResolve({ filter: /^@descent\// }, (args) => {
        const path = files.get(args.path);
        return path ? { path } : { errors: [{ text: `${args.path} is no workspace export` }] };
      });
    },
  };
}

/** Type declarations of the exports, under `outDir`, with `@descent/…` made relative. */
function declarations(es: Entry[], outDir: string): void {
  const options: ts.CompilerOptions = {
    declaration: true,
    emitDeclarationOnly: true,
    outDir,
    rootDir: ROOT,
    strict: true,
    noImplicitOverride: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    rewriteRelativeImportExtensions: true,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
    types: [],
    paths: Object.fromEntries(es.map((e) => [e.specifier, [`${ROOT}${e.file}`]])),
  };
  const host = ts.createCompilerHost(options);
  const write = host.writeFile;
  host.writeFile = (file, text, ...rest) => {
    // `@descent/tensor` in code becomes the path to tensor's declarations; in doc comments,
    // the npm package's name, `descent/tensor`.
    const up = "../".repeat(file.slice(outDir.length + 1).split("/").length - 1);
    // Relative imports keep `.ts` in declarations of type-only imports: make them `.js`.
    const rewritten = text.split("\n").map((line) => {
      const comment = /^\s*(\*|\/\/)/.test(line);
      if (!comment) line = line.replace(/"(\.\.?\/[^"]*)\.ts"/g, '"$1.js"');
      return line.replace(/"(@descent\/[\w/]+)"/g, (whole, specifier: string) => {
        const e = es.find((e) => e.specifier === specifier);
        if (!e) return whole;
        return comment ? `"descent/${e.out}"` : `"${up}${e.file.replace(/\.ts$/, ".js")}"`;
      });
    }).join("\n");
    write(file, rewritten, ...rest);
  };
  const program = ts.createProgram(es.map((e) => `${ROOT}${e.file}`), options, host);
  const result = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  if (diagnostics.length > 0) {
    throw new Error(ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => ROOT,
      getNewLine: () => "\n",
    }));
  }
}

/** Sizes of a build, in bytes. */
export interface BuildReport {
  /** Every JavaScript file written, with its size and gzipped size. */
  files: { path: string; bytes: number; gzip: number }[];
}

async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

async function writeAll(files: esbuild.OutputFile[]): Promise<void> {
  for (const f of files) {
    await Deno.mkdir(f.path.slice(0, f.path.lastIndexOf("/")), { recursive: true });
    await Deno.writeFile(f.path, f.contents);
  }
}

async function report(outputFiles: esbuild.OutputFile[], outDir: string): Promise<BuildReport> {
  const files = [];
  for (const f of outputFiles) {
    files.push({
      path: f.path.slice(outDir.length + 1),
      bytes: f.contents.byteLength,
      gzip: await gzipSize(f.contents),
    });
  }
  return { files };
}

/**
 * Writes the npm package to `outDir`.
 *
 * @param outDir Absolute path of the package folder (made if absent).
 * @returns The JavaScript files written and their sizes.
 */
export async function buildNpm(outDir: string): Promise<BuildReport> {
  const es = entries();
  const result = await esbuild.build({
    entryPoints: Object.fromEntries(es.map((e) => [e.out, `${ROOT}${e.file}`])),
    plugins: [workspacePlugin(es)],
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    chunkNames: "chunks/[name]-[hash]",
    legalComments: "none",
    write: false,
    logLevel: "warning",
  });
  await writeAll(result.outputFiles);
  declarations(es, `${outDir}/types`);
  const version = es[0].version;
  const pkg = {
    name: "descent",
    version,
    description:
      "Tensors with PyTorch-style eager autograd, losses and optimizers (built from the @descent/* JSR packages)",
    license: "MIT",
    type: "module",
    sideEffects: false,
    exports: Object.fromEntries(es.map((e) => [`./${e.out}`, {
      types: `./types/${e.file.replace(/\.ts$/, ".d.ts")}`,
      default: `./${e.out}.js`,
    }])),
  };
  await Deno.writeTextFile(`${outDir}/package.json`, JSON.stringify(pkg, null, 2) + "\n");
  await Deno.copyFile(`${ROOT}LICENSE`, `${outDir}/LICENSE`);
  return await report(result.outputFiles, outDir);
}

/**
 * Writes the interactive tutorial (`web/`) to `outDir`: `index.html`, `style.css` and one
 * minified classic script, `app.js`.
 *
 * @param outDir Absolute path of the page's folder (made if absent).
 * @returns The JavaScript file written and its size.
 */
export async function buildWeb(outDir: string): Promise<BuildReport> {
  const result = await esbuild.build({
    entryPoints: { app: `${ROOT}web/app.ts` },
    plugins: [workspacePlugin(entries())],
    outdir: outDir,
    bundle: true,
    // A classic script, so that the page also works opened as a file (no module CORS).
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "warning",
  });
  await writeAll(result.outputFiles);
  for (const f of ["index.html", "style.css"]) {
    await Deno.copyFile(`${ROOT}web/${f}`, `${outDir}/${f}`);
  }
  return await report(result.outputFiles, outDir);
}

/** Stops esbuild's service process (else it keeps Deno alive). */
export function stop(): Promise<void> {
  return esbuild.stop();
}

if (import.meta.main) {
  try {
    for (const [name, build] of [["npm", buildNpm], ["web", buildWeb]] as const) {
      const dir = `${ROOT}dist/${name}`;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      const r = await build(dir);
      for (const f of r.files) {
        console.log(
          `dist/${name}/${f.path}`.padEnd(40) +
            `${(f.bytes / 1024).toFixed(1)} kB (gzip ${(f.gzip / 1024).toFixed(1)} kB)`,
        );
      }
    }
  } finally {
    await stop();
  }
}
