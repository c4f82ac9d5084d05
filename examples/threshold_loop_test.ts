import assert from "node:assert/strict";
import { floatTensor, tensor } from "@descent/tensor";
import { capture } from "./_testing.ts";
import { main, thresholdLoop } from "./threshold_loop.ts";
import { spell } from "../conformance/fixtures.ts";

// Transcripts printed by PyTorch 1.13 running the tutorial's loop; regenerate with
// `/usr/bin/python3 examples/testdata/threshold_loop_transcript.py`.
const DOCUMENT = Deno.readTextFileSync(
  new URL("./testdata/threshold_loop_transcript.txt", import.meta.url),
);
const SEED0 = Deno.readTextFileSync(
  new URL("./testdata/threshold_loop_seed0_transcript.txt", import.meta.url),
);
const ROOT = new URL("..", import.meta.url);

Deno.test("threshold_loop --from-document prints PyTorch's transcript byte for byte", () => {
  const r = capture(main, ["--from-document"]);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, DOCUMENT);
  // The transcript is the document's: 18 steps from 4.1171e-02 to 8.0108e-06.
  const lines = r.stdout.split("\n");
  assert.equal(lines[3], "1-th Loss : 4.1171e-02");
  assert.equal(lines[20], "18-th Loss : 8.0108e-06");
  assert.equal(
    lines.slice(21, 24).join("\n"),
    "tensor([[0.1040, 0.1996, 0.3029],\n        [0.3984, 0.4978, 0.5949],\n" +
      "        [0.6964, 0.8006, 0.8990]], requires_grad=True)",
  );
});

Deno.test("threshold_loop default (seed 0) matches torch.manual_seed(0); rand_like(y)", () => {
  const r = capture(main, []);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, SEED0);
  assert.equal(capture(main, ["--seed", "0"]).stdout, SEED0);
  const other = capture(main, ["--seed", "7"]);
  assert.equal(other.code, 0);
  assert.notEqual(other.stdout.split("\n")[0], SEED0.split("\n")[0]);
});

Deno.test("threshold_loop runs as a subprocess with no permission flags", async () => {
  const run = async (args: string[]) => {
    const o = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", "examples/threshold_loop.ts", ...args],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    return { code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
  };
  const ok = await run(["--from-document"]);
  assert.equal(ok.stderr, "");
  assert.equal(ok.code, 0);
  assert.equal(ok.stdout, DOCUMENT);
  const bad = await run(["--lr", "fast"]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, "");
  assert.equal(
    bad.stderr,
    'threshold_loop.ts: error: --lr expects a finite number, got "fast" (see --help)\n',
  );
});

Deno.test("threshold_loop lr, threshold and max-iters flags", () => {
  // lr = 4.5 = n/2 zeroes the error in one step (see learning_rate.ts).
  const one = capture(main, ["--from-document", "--lr", "4.5"]);
  assert.equal(one.code, 0);
  assert.match(one.stdout, /\n1-th Loss : \d\.\d{4}e-\d\d\ntensor\(/);
  // A looser threshold stops earlier on the same trajectory.
  const loose = capture(main, ["--from-document", "--threshold", "1e-3"]);
  assert.equal(loose.code, 0);
  assert.deepEqual(
    loose.stdout.split("\n").slice(1, 12),
    DOCUMENT.split("\n").slice(1, 12),
  );
  assert.match(loose.stdout, /\n9-th Loss : 7\.3838e-04\ntensor\(/);
  // Too few steps: stops with a message and exit code 1.
  const short = capture(main, ["--from-document", "--max-iters", "5"]);
  assert.equal(short.code, 1);
  assert.match(short.stdout, /\n5-th Loss : 5\.5136e-03\nstopped after 5 iterations/);
  assert.match(short.stdout, /still falling: raise --max-iters or --lr/);
});

Deno.test("threshold_loop stops when the loss diverges or stalls", () => {
  const div = capture(main, ["--lr", "10"]);
  assert.equal(div.code, 1);
  assert.match(div.stdout, /stopped: diverged at iteration \d+: the loss grew from/);
  assert.match(div.stdout, /only 0 < lr < 9 converges; lr = 10 gives -1\.222/);
  assert.ok(div.stdout.split("\n").length < 40, "stops soon after the loss explodes");
  const stall = capture(main, ["--lr", "9", "--max-iters", "50"]);
  assert.equal(stall.code, 1);
  assert.match(stall.stdout, /stopped after 50 iterations .* it has stalled: lr = 9 is too large/);
});

Deno.test("threshold_loop rejects bad flags with one line and exit code 2", () => {
  const cases: [string[], string][] = [
    [["--lr", "abc"], '--lr expects a finite number, got "abc"'],
    [["--lr", "0"], "--lr must be > 0, got 0"],
    [["--lr", "-1"], "--lr must be > 0, got -1"],
    [["--threshold", "-1e-5"], "--threshold must be > 0, got -1e-5"],
    [["--max-iters", "0"], "--max-iters must be >= 1, got 0"],
    [["--max-iters", "2.5"], '--max-iters expects an integer, got "2.5"'],
    [["--seed", "x"], '--seed expects a finite number, got "x"'],
    [["--lr"], "Option '--lr <value>' argument missing"],
    [["--bogus"], "Unknown option '--bogus'"],
    [["extra"], "Unexpected argument 'extra'"],
    [["--from-document=yes"], "Option '--from-document' does not take an argument"],
  ];
  for (const [args, msg] of cases) {
    const r = capture(main, args);
    assert.equal(r.code, 2, args.join(" "));
    assert.equal(r.stdout, "");
    assert.ok(r.stderr.startsWith(`threshold_loop.ts: error: ${msg}`), r.stderr);
    assert.equal(r.stderr.split("\n").length, 2, "one line");
  }
});

Deno.test("threshold_loop --help lists every flag", () => {
  const r = capture(main, ["--help"]);
  assert.equal(r.code, 0);
  for (const flag of ["--lr", "--threshold", "--seed", "--max-iters", "--from-document"]) {
    assert.ok(r.stdout.includes(flag), flag);
  }
  assert.ok(r.stdout.includes("(default: 1e-5)"));
});

Deno.test("thresholdLoop halves the error each step for lr = n/4", () => {
  // 1 - 2*lr/n = 1/2 for n = 4, lr = 1: the loss falls by exactly 4x per step.
  const y = floatTensor([[0, 0], [0, 0]]);
  const start = tensor([[1, 1], [1, 1]], { dtype: "float32", requiresGrad: true });
  const r = thresholdLoop(y, start, { lr: 1, threshold: 1e-3, maxIters: 100 }, () => {});
  assert.equal(r.status, "converged");
  assert.deepEqual(r.losses, [1, 0.25, 0.0625, 0.015625, 0.00390625, 0.0009765625]);
  assert.ok(r.pred.isLeaf && r.pred.requiresGrad);
});

Deno.test("examples/README.md shows the demo's real output", () => {
  const readme = Deno.readTextFileSync(new URL("./README.md", import.meta.url));
  const at = readme.indexOf("`deno run examples/threshold_loop.ts` (the demo");
  assert.ok(at > 0);
  const start = readme.indexOf("```text\n", at) + "```text\n".length;
  const end = readme.indexOf("```", start);
  assert.equal(readme.slice(start, end), capture(main, []).stdout);
});

/** PyTorch running the tutorial's full code as printed (`testdata/threshold_loop_as_printed.py`). */
const AS_PRINTED = JSON.parse(
  Deno.readTextFileSync(new URL("./testdata/threshold_loop_as_printed.json", import.meta.url)),
);

Deno.test("threshold_loop --as-printed fails where PyTorch fails, with PyTorch's output and warning", async () => {
  const o = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", "examples/threshold_loop.ts", "--as-printed"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(o.stdout);
  assert.equal(o.code, 1);
  // PyTorch's standard output up to the exception, byte for byte: one step, then the failure.
  assert.equal(AS_PRINTED.iteration, 2);
  assert(stdout.startsWith(AS_PRINTED.stdout), stdout);
  const why = stdout.slice(AS_PRINTED.stdout.length).split("\n");
  assert.equal(
    why[0],
    `stopped at iteration ${AS_PRINTED.iteration}, as PyTorch does: pred.grad is null, and ` +
      `Python refuses lr * pred.grad (${AS_PRINTED.error})`,
  );
  assert.match(why[1], new RegExp(`a non-leaf \\(grad_fn=<${AS_PRINTED.pred_grad_fn}>\\)`));
  assert.equal(AS_PRINTED.pred_is_leaf, false);
  // The one warning PyTorch gives, in 2.x's words (1.13 says "informations" and where), with
  // descent's spelling of the API it names (`.retainGrad()`, conformance/fixtures.ts).
  const warning = spell(AS_PRINTED.warnings[0]
    .replace(
      "for more informations. (Triggered internally at  ./build/aten/src/ATen/core/TensorBody.h:480.)",
      "for more information.",
    ));
  assert.equal(AS_PRINTED.warnings.length, 1);
  assert.equal(new TextDecoder().decode(o.stderr), warning + "\n");
});

Deno.test("threshold_loop --as-printed: a start already under the threshold fails at iter_count", () => {
  const r = capture(main, ["--as-printed", "--threshold", "1"]);
  assert.equal(r.code, 1);
  assert.equal(
    r.stdout.split("\n").slice(3).join("\n"),
    "stopped after the loop, as PyTorch does: print(iter_count) raises NameError: " +
      "name 'iter_count' is not defined (the counter is i)\n",
  );
});
