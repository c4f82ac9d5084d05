/**
 * The comparison harness: runs the same workloads on descent and on its peers (TensorFlow.js
 * cpu and wasm, js-pytorch, jax-js eager and jit, PyTorch) one after the other on this machine,
 * prints one table and writes a JSON file.
 *
 * ```sh
 * deno task bench:compare                       # everything (a few minutes)
 * deno task bench:compare --quick               # smoke run: short timings, W6 with 1000 iterations
 * deno task bench:compare --peers descent,pytorch-1t --only W3,W4
 * ```
 *
 * Each JavaScript peer runs in its own `deno run` process: descent from the workspace
 * (`descent_peer.ts`), the others under `peers/deno.json`, a config of their own with its own
 * lockfile, so that nothing else in the repository downloads them. PyTorch runs through
 * `/usr/bin/python3` when it can import torch. W5 (cold start) times whole processes of
 * `descent_cold.ts` and the scripts in `peers/cold/`.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { median, type Stats } from "./harness/timing.ts";
import { type PeerReport, type Result, W3_SIZES } from "./harness/peer.ts";

const HERE = new URL(".", import.meta.url);
const path = (p: string): string => new URL(p, HERE).pathname;
const DENO = Deno.execPath();
const PYTHON = "/usr/bin/python3";

interface PeerSpec {
  name: string;
  /** Command of the workload runner. */
  run: string[];
  /** Command of the W5 cold-start script. */
  cold: string[];
  python?: boolean;
}

/** The peers' own config (npm packages pinned in `peers/deno.lock`), outside the workspace. */
const PEER_CONFIG = ["--config", path("peers/deno.json")];

/** A workload runner: `deno run -A` with `gc()` exposed, under the workspace's or the peers' config. */
const denoRun = (config: string[], file: string, ...args: string[]): string[] => [
  DENO,
  "run",
  "-A",
  ...config,
  "--v8-flags=--expose-gc",
  path(file),
  ...args,
];
/** A peer's W5 script. */
const peerCold = (file: string, ...args: string[]): string[] => [
  DENO,
  "run",
  "-A",
  ...PEER_CONFIG,
  path(file),
  ...args,
];

const PEERS: PeerSpec[] = [
  {
    name: "descent",
    run: denoRun([], "descent_peer.ts", "--w6", "1000000"),
    // no permissions: the library needs none
    cold: [DENO, "run", path("descent_cold.ts")],
  },
  {
    name: "tfjs-cpu",
    run: denoRun(PEER_CONFIG, "peers/tfjs.ts", "--backend", "cpu"),
    cold: peerCold("peers/cold/tfjs.ts", "cpu"),
  },
  {
    name: "tfjs-wasm",
    run: denoRun(PEER_CONFIG, "peers/tfjs.ts", "--backend", "wasm"),
    cold: peerCold("peers/cold/tfjs.ts", "wasm"),
  },
  {
    name: "js-pytorch",
    run: denoRun(PEER_CONFIG, "peers/js_pytorch.ts"),
    cold: peerCold("peers/cold/js_pytorch.ts"),
  },
  {
    name: "jax-js",
    run: denoRun(PEER_CONFIG, "peers/jax.ts", "--jit", "off"),
    cold: peerCold("peers/cold/jax.ts"),
  },
  {
    name: "jax-js-jit",
    run: denoRun(PEER_CONFIG, "peers/jax.ts", "--jit", "on"),
    cold: [],
  },
  {
    name: "pytorch-1t",
    run: [PYTHON, path("peers/torch_peer.py"), "--threads", "1"],
    cold: [PYTHON, path("peers/cold/torch_cold.py")],
    python: true,
  },
  {
    name: "pytorch-2t",
    run: [PYTHON, path("peers/torch_peer.py"), "--threads", "2"],
    cold: [],
    python: true,
  },
];

/** Targets of issue 6 (and W1c of issue 16), shown beside descent's numbers. */
const TARGETS: Record<string, string> = {
  "W1": "≤ 3",
  "W1c": "≤ 5",
  "W2": "≤ 1.5",
  "W3 N=64": "≥ 20",
  "W3 N=512": "≥ 60",
  "W3 N=1024": "≥ 60",
  "W4": "≥ 300",
  "W7": "≥ 0.9 × W4",
  "W8": "> tfjs-wasm",
  "W5": "≤ 60",
  "W6": "≤ 5",
  "W6b": "≤ 1024",
};

async function output(cmd: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const p = new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    stdout: "piped",
    stderr: "piped",
    cwd: path("../"),
  });
  const o = await p.output();
  const dec = new TextDecoder();
  return { code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
}

async function torchAvailable(): Promise<string | null> {
  try {
    const o = await output([PYTHON, "-c", "import torch"]);
    return o.code === 0 ? null : `skipped: ${PYTHON} cannot import torch (install python3-torch)`;
  } catch {
    return `skipped: ${PYTHON} not found`;
  }
}

async function runWorkloads(spec: PeerSpec, extra: string[]): Promise<PeerReport> {
  console.error(`▶ ${spec.name}`);
  const t0 = performance.now();
  const o = await output([...spec.run, ...extra]);
  for (const line of o.stderr.split("\n")) if (line.startsWith("  [")) console.error(line);
  const last = o.stdout.trim().split("\n").pop() ?? "";
  try {
    const report = JSON.parse(last) as PeerReport;
    report.peer = spec.name;
    console.error(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    return report;
  } catch {
    const why = (o.stderr.trim().split("\n").find((l) => /error/i.test(l)) ?? `exit ${o.code}`)
      // deno-lint-ignore no-control-regex
      .replace(/\x1b\[[0-9;]*m/g, "");
    return { peer: spec.name, version: "?", notes: [`${spec.name}: failed: ${why}`], results: {} };
  }
}

async function coldStart(spec: PeerSpec, reps: number): Promise<Result> {
  if (spec.cold.length === 0) return { skipped: "same process start as its eager column" };
  // one untimed run fills Deno's module and npm caches
  const first = await output(spec.cold);
  if (first.code !== 0) return { skipped: `failed: exit ${first.code}` };
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await output(spec.cold);
    times.push((performance.now() - t0) / 1000);
  }
  return {
    stats: {
      median: median(times),
      min: Math.min(...times),
      max: Math.max(...times),
      reps,
      batch: 1,
    },
  };
}

/** A table row: how to turn a result into a number. */
interface Row {
  key: string;
  label: string;
  unit: string;
  value: (r: Result) => [number, number] | null; // value, relative spread
}

function spread(s: Stats): number {
  return (s.max - s.min) / 2 / s.median;
}

const per = (scale: number) => (r: Result): [number, number] | null =>
  r.stats ? [r.stats.median * scale, spread(r.stats)] : null;
const rate = (work: number) => (r: Result): [number, number] | null =>
  r.stats ? [work / r.stats.median, spread(r.stats)] : null;

const ROWS: Row[] = [
  { key: "W1", label: "W1 tutorial loop 3×3", unit: "µs/iter ↓", value: per(1e6) },
  {
    key: "W1c",
    label: "W1c its first 10 000 iterations",
    unit: "µs/iter ↓",
    value: per(1e6),
  },
  { key: "W2", label: "W2 (a*b+c).sum() fwd+bwd 1e6", unit: "ms ↓", value: per(1e3) },
  ...W3_SIZES.map((n): Row => ({
    key: `W3 N=${n}`,
    label: `W3 matmul ${n}×${n}`,
    unit: "GFLOP/s ↑",
    value: rate((2 * n ** 3) / 1e9),
  })),
  { key: "W4", label: "W4 MLP train step", unit: "steps/s ↑", value: rate(1) },
  { key: "W7", label: "W7 W4 step, nn + DataLoader", unit: "steps/s ↑", value: rate(1) },
  { key: "W8", label: "W8 LeNet-5 train step", unit: "steps/s ↑", value: rate(1) },
  { key: "W5", label: "W5 cold start (process)", unit: "ms ↓", value: per(1e3) },
  {
    key: "W6",
    label: "W6 heap growth over W1 loop",
    unit: "% ↓",
    value: (r) =>
      r.memory
        ? [(100 * (r.memory.heapAfter - r.memory.heapBefore)) / r.memory.heapBefore, 0]
        : null,
  },
  {
    key: "W6b",
    label: "W6b keep loss.detach(): heap+external",
    unit: "B/iter ↓",
    value: (r) => {
      const m = r.memory;
      if (!m) return null;
      // PyTorch has no separate heap: its peer reports resident memory as the heap
      const grown = m.heapAfter + (m.externalAfter ?? 0) - m.heapBefore - (m.externalBefore ?? 0);
      return [grown / m.iterations, 0];
    },
  },
  {
    key: "W6b",
    label: "W6b keep loss.detach(): RSS",
    unit: "B/iter ↓",
    value: (r) =>
      r.memory ? [(r.memory.rssAfter - r.memory.rssBefore) / r.memory.iterations, 0] : null,
  },
];

function fmt(v: number): string {
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

function cell(row: Row, r: Result | undefined): string {
  if (r === undefined) return "–";
  if (r.skipped) return r.skipped.startsWith("failed") ? "failed" : "skip";
  const v = row.value(r);
  if (v === null) return "–";
  const [x, s] = v;
  return s > 0 ? `${fmt(x)} ±${Math.round(s * 100)}%` : fmt(x);
}

function table(reports: PeerReport[]): string {
  const header = ["workload", "unit", ...reports.map((r) => r.peer), "descent target"];
  const lines: string[][] = [header];
  for (const row of ROWS) {
    if (!reports.some((r) => r.results[row.key] !== undefined)) continue;
    lines.push([
      row.label,
      row.unit,
      ...reports.map((r) => cell(row, r.results[row.key])),
      TARGETS[row.key] ?? "",
    ]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => [...l[i]].length)));
  const pad = (s: string, w: number, left: boolean) =>
    left ? s + " ".repeat(w - [...s].length) : " ".repeat(w - [...s].length) + s;
  const out = lines.map((l) => "| " + l.map((c, i) => pad(c, widths[i], i < 2)).join(" | ") + " |");
  const rule = widths.map((w, i) => (i < 2 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":"));
  out.splice(1, 0, "|" + rule.join("|") + "|");
  return out.join("\n");
}

async function loadAverage(): Promise<string> {
  try {
    return (await Deno.readTextFile("/proc/loadavg")).split(" ").slice(0, 3).join(" ");
  } catch {
    return "?";
  }
}

async function machine(): Promise<Record<string, string | number>> {
  let cpu = "unknown";
  try {
    const info = await Deno.readTextFile("/proc/cpuinfo");
    cpu = info.match(/model name\s*:\s*(.*)/)?.[1] ?? cpu;
  } catch { /* not Linux */ }
  let torch = "";
  try {
    const o = await output([PYTHON, "-c", "import torch; print(torch.__version__)"]);
    torch = o.stdout.trim();
  } catch { /* none */ }
  return {
    cpu,
    cores: navigator.hardwareConcurrency,
    os: `${Deno.build.os} ${Deno.build.arch}`,
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    torch,
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      quick: { type: "boolean", default: false },
      peers: { type: "string", default: PEERS.map((p) => p.name).join(",") },
      only: { type: "string", default: "W1,W2,W3,W4,W5,W6,W6b,W7,W8" },
      out: { type: "string", default: path("results/compare.json") },
      "cold-reps": { type: "string", default: "7" },
    },
  });
  const wanted = new Set(values.peers.split(","));
  const only = values.only.split(",");
  const workloadOnly = only.filter((w) => w !== "W5");
  const extra = ["--only", workloadOnly.join(",")];
  if (values.quick) extra.push("--quick");
  const noTorch = await torchAvailable();
  const reports: PeerReport[] = [];
  const started = performance.now();
  const loadBefore = await loadAverage();
  for (const spec of PEERS) {
    if (!wanted.has(spec.name)) continue;
    let report: PeerReport;
    if (spec.python && noTorch !== null) {
      report = { peer: spec.name, version: "-", notes: [`${spec.name}: ${noTorch}`], results: {} };
      for (const w of only) report.results[w] = { skipped: noTorch };
    } else {
      report = workloadOnly.length > 0
        ? await runWorkloads(spec, extra)
        : { peer: spec.name, version: "?", notes: [], results: {} };
      if (only.includes("W5")) {
        report.results["W5"] = await coldStart(
          spec,
          values.quick ? 2 : Number(values["cold-reps"]),
        );
        console.error(`  [${spec.name}] W5: ${JSON.stringify(report.results["W5"].stats?.median)}`);
      }
    }
    reports.push(report);
  }
  const m = await machine();
  const text = [
    `descent comparison, ${new Date().toISOString().slice(0, 16)}Z`,
    `machine: ${m.cpu}, ${m.cores} cores, ${m.os}; Deno ${m.deno} (V8 ${m.v8})` +
    (m.torch ? `; PyTorch ${m.torch}` : ""),
    "",
    table(reports),
    "",
    "median of repetitions after warm-up; ± is half the range of the repetitions.",
    "versions: " + reports.map((r) => `${r.peer} ${r.version}`).join(", "),
    ...reports.flatMap((r) => r.notes),
    ...reports.flatMap((r) =>
      Object.entries(r.results)
        .filter(([, v]) => v.skipped)
        .map(([k, v]) => `${r.peer} ${k}: ${v.skipped}`)
    ),
    `W6 iterations: ` + reports.map((r) =>
      `${r.peer} ${r.results["W6"]?.memory?.iterations ?? "-"}`
    )
      .join(", ") +
    " (heapUsed after a full GC; PyTorch: resident memory)",
    `W6b iterations: ` + reports.map((r) =>
      `${r.peer} ${r.results["W6b"]?.memory?.iterations ?? "-"}`
    )
      .join(", ") +
    " (growth per iteration after a full GC; PyTorch: resident memory in both rows)",
    `harness time: ${((performance.now() - started) / 1000).toFixed(0)} s; load average ` +
    `before ${loadBefore}, after ${await loadAverage()} (other processes skew the timings)`,
  ].join("\n");
  console.log(text);
  await Deno.mkdir(new URL(".", `file://${values.out}`), { recursive: true });
  await Deno.writeTextFile(
    values.out,
    JSON.stringify({ date: new Date().toISOString(), machine: m, reports, table: text }, null, 2),
  );
  console.error(`wrote ${values.out}`);
}
