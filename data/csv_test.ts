import assert from "node:assert/strict";
import { CsvError, parseCsv, readCsv } from "@descent/data";

const CONFIG = new URL("../deno.json", import.meta.url).pathname;

Deno.test("parseCsv: quoted fields hold delimiters, line breaks and doubled quotes", () => {
  const csv = 'name,x,"y ""raw"""\r\n"a, b",1,2\r\n"multi\nline",3,4\r\n';
  const { features, columns, labels } = parseCsv(csv, { columns: ["x", 'y "raw"'] });
  assert.deepEqual(columns, ["x", 'y "raw"']);
  assert.deepEqual(features.toList(), [[1, 2], [3, 4]]);
  assert.equal(labels, null);
});

Deno.test("parseCsv: column selection by name and position, in the order asked", () => {
  const csv = "a,b,c,label\n1,2,3,0\n4,5,6,2\n";
  const all = parseCsv(csv, { label: "label" });
  assert.deepEqual(all.columns, ["a", "b", "c"]);
  assert.deepEqual(all.features.toList(), [[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(all.labels.toList(), [0, 2]);
  const some = parseCsv(csv, { columns: ["c", 0], label: 3 });
  assert.deepEqual(some.columns, ["c", "a"]);
  assert.deepEqual(some.features.toList(), [[3, 1], [6, 4]]);
  const noHeader = parseCsv("1;2\n3;4\n", { header: false, delimiter: ";", label: 0 });
  assert.deepEqual(noHeader.columns, ["1"]);
  assert.deepEqual(noHeader.features.toList(), [[2], [4]]);
  assert.deepEqual(noHeader.labels.toList(), [1, 3]);
});

Deno.test("parseCsv: only chosen columns need to be numbers", () => {
  const { features } = parseCsv("id,x\nabc,1.5\n,2.5\n", { columns: ["x"] });
  assert.deepEqual(features.toList(), [[1.5], [2.5]]);
});

Deno.test("parseCsv: number syntax, float32 rounding and float64", () => {
  const csv = "x\n0.1\n-2.5e-3\n.5\n+7.\nnan\n-inf\nInfinity\n  3 \n";
  const f32 = parseCsv(csv).features;
  assert.equal(f32.dtype, "float32");
  assert.deepEqual(
    Array.from(f32.toTypedArray()),
    [0.1, -2.5e-3, 0.5, 7, NaN, -Infinity, Infinity, 3].map(Math.fround),
  );
  const f64 = parseCsv(csv, { dtype: "float64" }).features;
  assert.equal(f64.dtype, "float64");
  assert.deepEqual(f64.shape, [8, 1]);
  assert.equal(f64.toTypedArray()[0], 0.1);
});

Deno.test("parseCsv: bytes, a byte-order mark, CR line ends, blank lines", () => {
  const bytes = new TextEncoder().encode("\ufeffa,b\r1,2\r\r\n\n3,4");
  const { features, columns } = parseCsv(bytes);
  assert.deepEqual(columns, ["a", "b"]);
  assert.deepEqual(features.toList(), [[1, 2], [3, 4]]);
  assert.deepEqual(parseCsv("a,b\n").features.shape, [0, 2]);
  assert.deepEqual(parseCsv("").features.shape, [0, 0]);
  assert.deepEqual(parseCsv('x\n""\n', { columns: [] }).features.shape, [1, 0]); // a row, not blank
});

Deno.test("parseCsv: labels are int64, exact beyond float32 up to 2^53 - 1", () => {
  const { labels } = parseCsv("y\n16777217\n-3\n9007199254740991\n", { label: "y" });
  assert.equal(labels.dtype, "int64");
  assert.deepEqual(labels.toList(), [16777217, -3, 2 ** 53 - 1]);
  const beyond = 'CSV line 2, column 1 ("y"): expected an integer label, got "9007199254740992"';
  rejects("y\n9007199254740992\n", { label: "y" }, beyond, [2, 1]);
});

/** Asserts a CsvError with this message, line and column. */
function rejects(
  text: string | Uint8Array,
  options: object,
  message: string,
  at: [number, number | null],
) {
  try {
    parseCsv(text, options);
  } catch (e) {
    assert.ok(e instanceof CsvError, String(e));
    assert.ok(e instanceof SyntaxError);
    assert.equal(e.message, message);
    assert.deepEqual([e.line, e.column], at);
    return;
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

Deno.test("parseCsv: malformed rows name their line and column", () => {
  rejects("a,b\n1,2\n3\n", {}, "CSV line 3: expected 2 fields, got 1", [3, null]);
  rejects("a,b\n1,2,3\n", {}, "CSV line 2: expected 2 fields, got 3", [2, null]);
  rejects('a,b\n1,"2\n3,4\n', {}, "CSV line 2, column 2: unterminated quoted field", [2, 2]);
  rejects('a,b\n1,2"x\n', {}, "CSV line 2, column 2: a quote inside an unquoted field", [2, 2]);
  rejects('a,b\n"1"x,2\n', {}, 'CSV line 2, column 1: unexpected "x" after a closing quote', [
    2,
    1,
  ]);
  rejects("a,b\n1,\n", {}, 'CSV line 2, column 2 ("b"): expected a number, got ""', [2, 2]);
  rejects("a,b\n1,0x10\n", {}, 'CSV line 2, column 2 ("b"): expected a number, got "0x10"', [2, 2]);
  rejects(
    "1,2\n3,four\n",
    { header: false },
    'CSV line 2, column 2: expected a number, got "four"',
    [2, 2],
  );
  rejects(
    'a,y\n"multi\nline",1\n1,2.5\n',
    { columns: [1], label: "y" },
    'CSV line 4, column 2 ("y"): expected an integer label, got "2.5"',
    [4, 2],
  );
  rejects(
    "y\n9007199254740993\n",
    { label: "y" },
    'CSV line 2, column 1 ("y"): expected an integer label, got "9007199254740993"',
    [2, 1],
  );
});

Deno.test("parseCsv: bad options and columns", () => {
  const csv = "a,b,a\n1,2,3\n";
  assert.throws(() => parseCsv(csv, { columns: ["c"] }), {
    name: "RangeError",
    message: 'parseCsv: no column named "c"; the header has "a", "b", "a"',
  });
  assert.throws(() => parseCsv(csv, { label: "a" }), {
    name: "RangeError",
    message: 'parseCsv: the header names "a" more than once; choose the label by position',
  });
  assert.throws(() => parseCsv(csv, { columns: [3] }), {
    name: "RangeError",
    message: "parseCsv: column 3 is out of range for 3 columns",
  });
  assert.throws(() => parseCsv("1,2\n", { header: false, label: "y" }), {
    name: "RangeError",
    message: 'parseCsv: label "y" needs a header; give a position',
  });
  assert.throws(() => parseCsv(csv, { delimiter: '"' }), {
    name: "TypeError",
    message:
      'parseCsv: delimiter must be one character other than a quote or a line break, got "\\""',
  });
  // deno-lint-ignore no-explicit-any
  assert.throws(() => parseCsv(csv, { columns: [1.5] as any }), {
    name: "TypeError",
    message: "parseCsv: a column is a header name or a 0-based position, got 1.5",
  });
  // deno-lint-ignore no-explicit-any
  assert.throws(() => parseCsv(csv, { dtype: "int64" as any }), TypeError);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => parseCsv(42 as any), {
    name: "TypeError",
    message: "parseCsv: expected a string or a Uint8Array, got number",
  });
  assert.throws(() => parseCsv(new Uint8Array([0x61, 0xff])), {
    name: "TypeError",
    message: "parseCsv: the bytes are not valid UTF-8",
  });
});

Deno.test("readCsv: reads the file, with read access to that file only", async () => {
  const dir = await Deno.makeTempDir({ prefix: "descent_csv_" });
  try {
    const file = `${dir}/iris.csv`;
    await Deno.writeTextFile(file, "x,y,label\n1,2,0\n3,4,1\n");
    const { features, labels } = await readCsv(file, { label: "label" });
    assert.deepEqual(features.toList(), [[1, 2], [3, 4]]);
    assert.deepEqual(labels.toList(), [0, 1]);
    await assert.rejects(() => readCsv(`${dir}/missing.csv`), Deno.errors.NotFound);
    await Deno.writeTextFile(
      `${dir}/main.ts`,
      `import { readCsv } from "${new URL("./mod.ts", import.meta.url).href}";
      const { features } = await readCsv(${JSON.stringify(file)});
      console.log(JSON.stringify(features.toList()));`,
    );
    const run = async (...flags: string[]) => {
      const o = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--no-prompt", `--config=${CONFIG}`, ...flags, `${dir}/main.ts`],
        env: { NO_COLOR: "1" },
      }).output();
      const dec = new TextDecoder();
      return { code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
    };
    assert.deepEqual(await run(`--allow-read=${file}`), {
      code: 0,
      stdout: "[[1,2,0],[3,4,1]]\n",
      stderr: "",
    });
    const denied = await run();
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /NotCapable: Requires read access to ".*iris\.csv"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
