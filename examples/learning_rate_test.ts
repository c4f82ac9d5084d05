import assert from "node:assert/strict";
import type { Out } from "./_cli.ts";
import { capture } from "./_testing.ts";
import { type FileAccess, main, sweep } from "./learning_rate.ts";

Deno.test("learning_rate: iterations to the threshold follow (1 - 2*lr/n)^2", () => {
  const rows = sweep([0.01, 0.1, 1, 2, 4.5, 6, 9, 10], 1e-5, 5000, false, 0);
  const l0 = rows[0].result.losses[0];
  for (const r of rows) {
    const ratio = r.factor * r.factor;
    if (r.lr < 9 && r.lr !== 4.5) {
      assert.equal(r.result.status, "converged", `lr=${r.lr}`);
      // First k with l0 * ratio^k < threshold; float32 rounding may move it by one.
      const k = Math.ceil(Math.log(1e-5 / l0) / Math.log(ratio));
      assert.ok(
        Math.abs(r.result.iterations - k) <= 1,
        `lr=${r.lr}: ${r.result.iterations} vs ${k}`,
      );
      // Every step multiplies the loss by the predicted ratio.
      for (let i = 1; i < r.result.losses.length; i++) {
        const measured = r.result.losses[i] / r.result.losses[i - 1];
        assert.ok(
          Math.abs(measured - ratio) < 1e-3 * Math.max(ratio, 1e-2),
          `lr=${r.lr} step ${i}`,
        );
      }
    }
  }
  const byLr = new Map(rows.map((r) => [r.lr, r.result]));
  assert.equal(byLr.get(4.5)!.iterations, 1, "lr = n/2 lands on y in one step");
  assert.ok(byLr.get(4.5)!.losses[1] < 1e-12);
  assert.equal(byLr.get(9)!.status, "stopped");
  assert.ok(Math.abs(byLr.get(9)!.losses[5000] / l0 - 1) < 1e-3, "lr = n bounces: loss constant");
  assert.equal(byLr.get(10)!.status, "diverged");
  // Monotone trade-off below n/2: larger lr, fewer steps.
  const its = [0.01, 0.1, 1, 2].map((lr) => byLr.get(lr)!.iterations);
  assert.deepEqual([...its].sort((a, b) => b - a), its);
});

Deno.test("learning_rate prints the table, the chart and the explanation", () => {
  const r = capture(main, []);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  const lines = r.stdout.split("\n");
  const at = lines.findIndex((l) => /^\s+lr\s+1-2\*lr\/n/.test(l));
  assert.deepEqual(lines.slice(at + 2, at + 8), [
    "0.01    0.9978                0.9956    0.9956  below 1.0000e-05 after 2067 steps",
    " 0.1    0.9778                0.9560    0.9560  below 1.0000e-05 after 205 steps",
    "   1    0.7778                0.6049    0.6049  below 1.0000e-05 after 19 steps",
    " 4.5    0.0000                0.0000    0.0000  below 1.0000e-05 after 1 step",
    "   9   -1.0000                1.0000    1.0000  stalled: loss stays 9.8391e-02 after 5000 steps",
    "  10   -1.2222                1.4938    1.4938  diverged at iteration 18 (loss 1.3501e+02)",
  ]);
  // The chart: log axes, one mark per learning rate, legend.
  assert.ok(lines.includes("loss (log scale)"));
  assert.ok(lines.some((l) => l.startsWith("1e-5 |")));
  assert.ok(lines.includes("* lr=0.01   o lr=0.1   + lr=1   x lr=4.5   # lr=9   @ lr=10"));
  for (const mark of "*o+x#@") {
    assert.ok(lines.some((l) => / \|/.test(l) && l.includes(mark)), `mark ${mark} plotted`);
  }
  assert.match(r.stdout, /lr = 4\.5 {7}the factor is 0: one step lands exactly on y/);
  assert.match(r.stdout, /lr > 9 {9}\|factor\| > 1: every step overshoots further/);
});

Deno.test("learning_rate --svg checks the write permission first", () => {
  // The test runner may write only in the system's temporary folder (where a checkout may
  // live): a file at the root needs a permission it lacks, so the example says so and computes
  // nothing.
  const r = capture(main, ["--svg", "/lr.svg"]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.equal(
    r.stderr,
    "learning_rate.ts: --svg /lr.svg needs permission to write that file: run " +
      "deno run --allow-write=/lr.svg examples/learning_rate.ts --svg /lr.svg\n",
  );
});

Deno.test("learning_rate --svg writes an SVG chart when allowed", () => {
  const written = new Map<string, string>();
  const files: FileAccess = {
    canWrite: () => true,
    writeTextFile: (p, t) => void written.set(p, t),
  };
  const out: string[] = [];
  const code = main(
    ["--lrs", "0.5,4.5,10", "--svg", "c.svg"],
    (l: string) => out.push(l),
    (l: string) => {
      throw new Error(l);
    },
    files,
  );
  assert.equal(code, 0);
  assert.equal(out.at(-1), "wrote the chart to c.svg");
  const svg = written.get("c.svg")!;
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  assert.ok(svg.trimEnd().endsWith("</svg>"));
  assert.equal(svg.match(/<polyline /g)?.length, 3);
  for (const label of ["lr=0.5", "lr=4.5", "lr=10", "1e-5", "step (log scale)"]) {
    assert.ok(svg.includes(`>${label}</text>`), label);
  }
  // Every polyline point lies inside the plot area.
  for (const m of svg.matchAll(/points="([^"]*)"/g)) {
    for (const p of m[1].split(" ")) {
      const [x, y] = p.split(",").map(Number);
      assert.ok(x >= 70 && x <= 570 && y >= 40 && y <= 370, p);
    }
  }
});

Deno.test("learning_rate --svg writes a real file with --allow-write", async () => {
  const dir = Deno.env.get("TMPDIR") ?? "/tmp";
  const path = `${dir}/descent_learning_rate_${Date.now()}_${
    Math.random().toString(36).slice(2)
  }.svg`;
  const o = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      `--allow-write=${path}`,
      "examples/learning_rate.ts",
      "--lrs",
      "1,10",
      "--svg",
      path,
    ],
    cwd: new URL("..", import.meta.url),
    stdout: "piped",
    stderr: "piped",
  }).output();
  try {
    assert.equal(new TextDecoder().decode(o.stderr), "");
    assert.equal(o.code, 0);
    const svg = Deno.readTextFileSync(path);
    assert.equal(svg.match(/<polyline /g)?.length, 2);
  } finally {
    await new Deno.Command(Deno.execPath(), {
      args: ["eval", `Deno.removeSync(${JSON.stringify(path)})`],
    }).output();
  }
});

Deno.test("learning_rate rejects bad flags", () => {
  const cases: [string[], string][] = [
    [["--lrs", "0.1,abc"], '--lrs expects a finite number, got "abc"'],
    [["--lrs", "1,-2"], "--lrs must be > 0, got -2"],
    [["--lrs", ""], '--lrs expects a finite number, got ""'],
    [["--svg", ""], '--svg expects a value, got ""'],
    [["--max-iters", "1e9.5"], '--max-iters expects a finite number, got "1e9.5"'],
  ];
  const err: string[] = [];
  const sink: Out = (l) => err.push(l);
  for (const [args, msg] of cases) {
    err.length = 0;
    assert.equal(main(args, () => {}, sink), 2, args.join(" "));
    assert.deepEqual(err, [`learning_rate.ts: error: ${msg} (see --help)`]);
  }
});

Deno.test("examples/README.md shows the sweep's real table", () => {
  const readme = Deno.readTextFileSync(new URL("./README.md", import.meta.url));
  const start = readme.indexOf("```text\n  lr  1-2*lr/n") + "```text\n".length;
  assert.ok(start > 10);
  const block = readme.slice(start, readme.indexOf("```", start)).trimEnd().split("\n");
  const lines = capture(main, []).stdout.split("\n");
  const at = lines.indexOf(block[0]);
  assert.ok(at > 0);
  assert.deepEqual(lines.slice(at, at + block.length), block);
});
