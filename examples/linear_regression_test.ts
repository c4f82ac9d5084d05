import assert from "node:assert/strict";
import { capture } from "./_testing.ts";
import { leastSquares, main, makeData, TRUE_B, TRUE_W } from "./linear_regression.ts";

/** The w and b of a table row such as `gradient descent  2.4314  -0.6678  7.9118e-01`. */
function row(stdout: string, name: string): number[] {
  const line = stdout.split("\n").find((l) => l.startsWith(name));
  assert.ok(line, name);
  return line.slice(name.length).trim().split(/\s+/).slice(0, 2).map(Number);
}

Deno.test("leastSquares is exact on a line", () => {
  const d = makeData(50, 0, 3);
  const { w, b } = leastSquares(d);
  assert.ok(Math.abs(w - TRUE_W) < 1e-5 && Math.abs(b - TRUE_B) < 1e-4, `${w} ${b}`);
});

Deno.test("linear_regression reaches the least-squares line", () => {
  const r = capture(main, []);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  const gd = row(r.stdout, "gradient descent");
  const ls = row(r.stdout, "least squares");
  assert.deepEqual(gd, ls);
  assert.deepEqual(row(r.stdout, "truth"), [2.5, -1]);
  // The noise moves the least-squares line off the truth, but not far.
  assert.ok(Math.abs(gd[0] - TRUE_W) < 0.2 && Math.abs(gd[1] - TRUE_B) < 0.6, String(gd));
  const epochs = r.stdout.split("\n").filter((l) => l.startsWith("epoch "));
  assert.equal(epochs.length, 11);
  assert.match(epochs[0], /^epoch {4}1\/1000 {2}loss \d\.\d{4}e\+02 {2}w 0\.0000 {2}b 0\.0000$/);
  assert.match(
    r.stdout,
    /exact least-squares line: \|dw\| = \d\.\d{4}e-0[5-9], \|db\| = \d\.\d{4}e-0[4-9]\./,
  );
});

Deno.test("linear_regression without noise finds the true line", () => {
  const r = capture(main, ["--noise", "0", "--epochs", "2000"]);
  assert.equal(r.code, 0);
  assert.deepEqual(row(r.stdout, "gradient descent"), [2.5, -1]);
});

Deno.test("linear_regression stops when the learning rate is too large", () => {
  const r = capture(main, ["--lr", "0.1"]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /epoch \d+: the loss is .*: diverged\. .*try --lr 0\.02 or less\.\n$/);
});

Deno.test("linear_regression rejects bad flags", () => {
  for (
    const [args, msg] of [
      [["--points", "1"], "--points must be >= 2, got 1"],
      [["--noise", "-1"], "--noise must be >= 0, got -1"],
      [["--epochs", "ten"], '--epochs expects a finite number, got "ten"'],
    ] as const
  ) {
    const r = capture(main, [...args]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `linear_regression.ts: error: ${msg} (see --help)\n`);
  }
});
