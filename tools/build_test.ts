/**
 * `deno task build`'s npm package works outside Deno: installed as `node_modules/descent` of a
 * temporary project, its type declarations type-check the tutorial's loop under Node's module
 * resolution, and Node (`node --input-type=module`) runs that loop and prints PyTorch's
 * transcript byte for byte.
 */

import assert from "node:assert/strict";
import * as esbuild from "npm:esbuild@0.28.2";
import ts from "npm:typescript@6.0.3";
import { buildNpm, stop } from "./build.ts";
import { entries } from "./packages.ts";
import { run } from "./run.ts";

const ROOT = new URL("..", import.meta.url);

/** The tutorial's loop as a user of the npm package writes it (threshold_loop.ts, seed 0). */
const TUTORIAL =
  `import { floatTensor, manualSeed, pyFormat, randLike, type Tensor } from "descent/tensor";
import { mseLoss } from "descent/losses";

manualSeed(0);
const y = floatTensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]]);
let pred: Tensor = randLike(y, { requiresGrad: true });
console.log(String(pred));
let loss = mseLoss(y, pred);
let i = 0;
while (!loss.lt(1e-5).item()) {
  i += 1;
  loss.backward();
  pred = pred.sub(pred.grad!.mul(1));
  pred.detach_();
  pred.requiresGrad_(true);
  loss = mseLoss(y, pred);
  console.log(\`\${i}-th Loss : \${pyFormat(loss.item(), 4, true)}\`);
}
console.log(String(pred));
`;

Deno.test("the npm build type-checks and runs the tutorial under Node with PyTorch's transcript", async () => {
  const dir = await Deno.makeTempDir({ prefix: "descent_npm_" });
  try {
    const report = await buildNpm(`${dir}/node_modules/descent`);
    // One file per export of the published packages, plus the chunks they share.
    for (const e of entries()) assert(report.files.some((f) => f.path === `${e.out}.js`), e.out);
    await Deno.writeTextFile(`${dir}/package.json`, '{ "type": "module" }\n');
    await Deno.writeTextFile(`${dir}/tutorial.ts`, TUTORIAL);

    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
      types: [],
    };
    const program = ts.createProgram([`${dir}/tutorial.ts`], options);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) =>
      ts.flattenDiagnosticMessageText(d.messageText, "\n")
    );
    assert.deepEqual(diagnostics, []);

    const js = (await esbuild.transform(TUTORIAL, { loader: "ts", format: "esm" })).code;
    const o = await run("node", ["--input-type=module", "-e", js], { cwd: dir });
    assert.equal(o.code, 0, o.stderr);
    assert.equal(o.stderr, "");
    assert.equal(
      o.stdout,
      await Deno.readTextFile(
        new URL("examples/testdata/threshold_loop_seed0_transcript.txt", ROOT),
      ),
    );
  } finally {
    await stop();
    await Deno.remove(dir, { recursive: true });
  }
});
