/**
 * The package boundary, enforced: outside `autograd/` and `tensor/`, no code reaches into their
 * internals. An internal is any underscore member those two packages declare (`_values()`,
 * `_grad`, `_vc` …); packages built on them use the public API and `@descent/tensor/extend`.
 */

import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
const INSIDE = ["autograd", "tensor"];
const SKIP = new Set(["node_modules", ".git", "peers", "dist", "web", "notebooks"]);

async function* sources(dir: URL): AsyncGenerator<URL> {
  for await (const e of Deno.readDir(dir)) {
    if (SKIP.has(e.name)) continue;
    const url = new URL(e.name + (e.isDirectory ? "/" : ""), dir);
    if (e.isDirectory) yield* sources(url);
    else if (e.name.endsWith(".ts")) yield url;
  }
}

/** Underscore members declared by a class body: fields, methods, getters and setters. */
function declaredInternals(text: string): string[] {
  const re =
    /^\s+(?:(?:override|readonly|protected|public|static|get|set|abstract)\s+)*(_[A-Za-z]\w*)\s*[(:=?!<;]/gm;
  return [...text.matchAll(re)].map((m) => m[1]);
}

Deno.test("no access to autograd/tensor internals outside those packages", async () => {
  const internals = new Set<string>();
  for (const pkg of INSIDE) {
    for await (const f of sources(new URL(pkg + "/", ROOT))) {
      for (const name of declaredInternals(await Deno.readTextFile(f))) internals.add(name);
    }
  }
  assert.ok(internals.has("_values") && internals.has("_grad"), "internals were found");
  const offences: string[] = [];
  for await (const e of Deno.readDir(ROOT)) {
    if (!e.isDirectory || INSIDE.includes(e.name) || SKIP.has(e.name)) continue;
    for await (const f of sources(new URL(e.name + "/", ROOT))) {
      const lines = (await Deno.readTextFile(f)).split("\n");
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, "");
        if (/^\s*\*/.test(code)) return; // a doc comment line
        for (const m of code.matchAll(/(\w+|\)|\])\s*\??\.\s*(_[A-Za-z]\w*)/g)) {
          if (m[1] === "this" || m[1] === "super" || !internals.has(m[2])) continue;
          offences.push(`${f.pathname.slice(ROOT.pathname.length)}:${i + 1}: ${line.trim()}`);
        }
      });
    }
  }
  assert.deepEqual(offences, [], "use the public API or @descent/tensor/extend instead");
});

Deno.test("the check catches an access", () => {
  const line = "const v = loss.detach()." + "_values();";
  const hits = [...line.matchAll(/(\w+|\)|\])\s*\??\.\s*(_[A-Za-z]\w*)/g)].map((m) => m[2]);
  assert.deepEqual(hits, ["_values"]);
  assert.deepEqual(declaredInternals("class A {\n  readonly _data: X;\n  _values(): Y {}\n}"), [
    "_data",
    "_values",
  ]);
});

Deno.test("op backwards are set through setBackward, not assigned where they are made", async () => {
  // Note [backward closures] in tensor/ops/record.ts: an assigned closure outlives young GCs.
  const offences: string[] = [];
  for await (const e of Deno.readDir(ROOT)) {
    if (!e.isDirectory || SKIP.has(e.name)) continue;
    for await (const f of sources(new URL(e.name + "/", ROOT))) {
      const path = f.pathname.slice(ROOT.pathname.length);
      if (path.endsWith("_test.ts") || path.includes("/testdata/")) continue;
      (await Deno.readTextFile(f)).split("\n").forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, "");
        if (/^\s*\*/.test(code)) return;
        if (/(?<!this)\.(backwardFn|backwardAll)\s*=(?!=)/.test(code)) {
          offences.push(`${path}:${i + 1}: ${line.trim()}`);
        }
      });
    }
  }
  assert.deepEqual(offences, [], "write node.setBackward((g) => …) / node.setBackwardAll(…)");
});
