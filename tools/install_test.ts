/**
 * The install route of each README works from a project outside the repository: a temporary
 * folder holds `project/` (the README's `deno.json`, verbatim, and its first TypeScript block as
 * `main.ts`) beside `descent/`, a link to this checkout, as the README describes. `deno run
 * main.ts` runs there with an empty Deno cache and no permission, and prints what the block's
 * `// …` comments say it prints.
 */

import assert from "node:assert/strict";
import { run } from "./run.ts";

const ROOT = new URL("..", import.meta.url);
const READMES = [
  "README.md",
  "autograd/README.md",
  "tensor/README.md",
  "losses/README.md",
  "optim/README.md",
  "data/README.md",
  "io/README.md",
  "nn/README.md",
];

/** The first fenced block of a language in a Markdown text (after `## Install` for json). */
function block(markdown: string, lang: string): string {
  const from = lang === "json" ? markdown.indexOf("## Install") : 0;
  const m = markdown.slice(from).match(new RegExp("```" + lang + "\\n([\\s\\S]*?)```"));
  assert(m, `no ${lang} block`);
  return m[1];
}

/**
 * What a block prints, read from its comments: `console.log(…); // text` prints `text`, and the
 * comment-only lines that follow (`//         [2., 2.]])`) continue that output.
 */
export function expectedOutput(code: string): string {
  const out: string[] = [];
  let inLog = false;
  for (const line of code.split("\n")) {
    const log = line.match(/^console\.log\(.*\); \/\/ (.*)$/);
    const more = line.match(/^\/\/ (.*)$/);
    if (log) out.push(log[1]);
    else if (inLog && more) out.push(more[1]);
    inLog = Boolean(log) || (inLog && Boolean(more));
  }
  return out.map((l) => l + "\n").join("");
}

Deno.test("expectedOutput reads console.log comments and their continuation lines", () => {
  const code = "const a = 1; // not output\nconsole.log(String(x)); // tensor([[2., 2.],\n" +
    "//         [2., 2.]])\nfoo(); // no\nconsole.log(1); // 1\n";
  assert.equal(expectedOutput(code), "tensor([[2., 2.],\n        [2., 2.]])\n1\n");
});

for (const readme of READMES) {
  Deno.test(`${readme}: the install route runs its example in a project outside the repository`, async () => {
    const markdown = await Deno.readTextFile(new URL(readme, ROOT));
    const main = block(markdown, "ts");
    const expected = expectedOutput(main);
    assert.notEqual(expected, "", "the example prints nothing to compare");
    const dir = await Deno.makeTempDir({ prefix: "descent_user_" });
    try {
      // `ln`, as Deno.symlink needs an unscoped --allow-write that the tests do not have.
      const ln = await run("ln", ["-s", ROOT.pathname, `${dir}/descent`]);
      assert.equal(ln.code, 0, ln.stderr);
      await Deno.mkdir(`${dir}/project`);
      await Deno.writeTextFile(`${dir}/project/deno.json`, block(markdown, "json"));
      await Deno.writeTextFile(`${dir}/project/main.ts`, main);
      await Deno.mkdir(`${dir}/cache`);
      const o = await run(Deno.execPath(), ["run", "--no-prompt", "main.ts"], {
        cwd: `${dir}/project`,
        env: { DENO_DIR: `${dir}/cache`, NO_COLOR: "1" },
      });
      assert.equal(o.code, 0, o.stderr);
      assert.equal(o.stderr, "");
      assert.equal(o.stdout, expected);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("package READMEs link only to what JSR publishes with them or to absolute URLs", () => {
  for (const readme of READMES.filter((r) => r.includes("/"))) {
    const markdown = Deno.readTextFileSync(new URL(readme, ROOT));
    const outside = [...markdown.matchAll(/\]\((?!https?:\/\/|#)([^)]*)\)/g)]
      .map((m) => m[1])
      .filter((target) => target.startsWith("../") || target.startsWith("/"));
    assert.deepEqual(outside, [], `${readme} links outside its package`);
  }
});
