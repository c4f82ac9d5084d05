/**
 * The published packages of the workspace and their exports, read from the members'
 * `deno.json`: what the gate's doc lint checks and what `deno task build` bundles.
 *
 * @module
 */

const ROOT = new URL("..", import.meta.url);

/** One export of a published package. */
export interface Entry {
  /** How code imports it, e.g. `@descent/tensor/extend`. */
  specifier: string;
  /** Its source file relative to the root, e.g. `tensor/extend.ts`. */
  file: string;
  /** Its path in the npm build, without extension, e.g. `tensor/extend`. */
  out: string;
  /** The package's version. */
  version: string;
}

/**
 * Every export of every workspace member that has a name (a published package).
 *
 * @returns The exports, in workspace order.
 */
export function entries(): Entry[] {
  const read = (p: string) => JSON.parse(Deno.readTextFileSync(new URL(p, ROOT)));
  const out: Entry[] = [];
  for (const w of read("deno.json").workspace as string[]) {
    const dir = w.replace(/^\.\//, "");
    const m = read(`${dir}/deno.json`);
    if (!m.name) continue;
    const exports: Record<string, string> = typeof m.exports === "string"
      ? { ".": m.exports }
      : m.exports;
    for (const [key, file] of Object.entries(exports)) {
      const sub = key === "." ? "" : key.slice(1); // "./extend" -> "/extend"
      out.push({
        specifier: m.name + sub,
        file: `${dir}/${file.replace(/^\.\//, "")}`,
        out: dir + sub,
        version: m.version,
      });
    }
  }
  return out;
}
