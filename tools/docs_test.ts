/**
 * What a user reads: `deno doc` of every package's main entry point shows no underscore member
 * (internals carry `@ignore`, which hides them from `deno doc` and JSR's pages), and every
 * `Tensor` method has an example of its own or links to the function that has one.
 */

import assert from "node:assert/strict";
import { entries } from "./packages.ts";

const ROOT = new URL("../", import.meta.url);

interface DocNode {
  name: string;
  declarations: {
    kind: string;
    jsDoc?: JsDoc;
    def: { methods?: Member[]; properties?: Member[]; constructors?: Member[] };
  }[];
}
interface JsDoc {
  doc?: string;
  tags?: { kind: string }[];
}
interface Member {
  name: string;
  jsDoc?: JsDoc;
}

/** The packages' main entry points (`@descent/tensor`, not `@descent/tensor/extend`). */
const MAIN = entries().filter((e) => e.specifier.split("/").length === 2);

/** The documentation nodes of one entry point, as `deno doc --json` gives them. */
async function docNodes(file: string): Promise<DocNode[]> {
  const entry = new URL(file, ROOT);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", entry.pathname],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  assert.equal(out.code, 0, `deno doc ${file} failed`);
  const json = JSON.parse(new TextDecoder().decode(out.stdout));
  return json.nodes[entry.href].symbols;
}

const members = (n: DocNode): Member[] =>
  n.declarations.flatMap((d) => [...(d.def.methods ?? []), ...(d.def.properties ?? [])]);

Deno.test("deno doc of the packages' entry points shows no underscore member", async () => {
  const shown: string[] = [];
  let classes = 0;
  for (const { specifier: pkg, file } of MAIN) {
    for (const node of await docNodes(file)) {
      if (node.name.startsWith("_")) shown.push(`${pkg}: ${node.name}`);
      if (node.declarations.some((d) => d.kind === "class")) classes++;
      for (const m of members(node)) {
        if (m.name.startsWith("_")) shown.push(`${pkg}: ${node.name}.${m.name}`);
      }
    }
  }
  assert.ok(classes > 10, `classes were found (${classes})`);
  assert.deepEqual(shown, [], "mark internals `@ignore` (hidden from deno doc and JSR)");
});

Deno.test("every Tensor method has an example or links to the function that has one", async () => {
  const tensor = (await docNodes("tensor/mod.ts")).find((n) => n.name === "Tensor")!;
  const methods = members(tensor).filter((m) => !m.name.startsWith("["));
  assert.ok(methods.length > 50, `methods were found (${methods.length})`);
  const shown = (m: Member) =>
    (m.jsDoc?.tags ?? []).some((t) => t.kind === "example") ||
    /\{@link(code)? [^}]+\}/.test(m.jsDoc?.doc ?? "");
  // an overloaded method needs it once
  const names = new Set(methods.map((m) => m.name));
  const lacking = [...names].filter((n) => !methods.some((m) => m.name === n && shown(m)));
  assert.deepEqual(lacking, []);
});

Deno.test("every export of the packages' entry points has an example", async () => {
  const lacking: string[] = [];
  for (const { specifier: pkg, file } of MAIN) {
    for (const node of await docNodes(file)) {
      const documented = node.declarations.filter((d) => d.kind !== "import");
      if (documented.length === 0 || documented.some((d) => d.kind === "interface")) continue;
      if (documented.every((d) => d.kind === "typeAlias")) continue;
      const tags = documented.flatMap((d) => d.jsDoc?.tags ?? []);
      if (!tags.some((t) => t.kind === "example")) lacking.push(`${pkg}: ${node.name}`);
    }
  }
  assert.deepEqual(lacking, []);
});
