/**
 * Two interleaved half circles ("two moons"), learned the way a real training run is organised:
 * a train/validation split (`randomSplit`), a `Dropout` layer (so `train()` and `eval()` matter),
 * `BCEWithLogitsLoss`, `Adam` with a `ReduceLROnPlateau` scheduler on the validation loss, early
 * stopping when the validation loss stops improving, and the best weights kept with
 * `stateDict()` and restored with `loadStateDict()`. With `--checkpoint <file>`, each epoch ends
 * with a checkpoint of the whole run in that file (`saveCheckpoint` from `@descent/io`: model,
 * optimizer, scheduler, the random generator, the early-stopping state and the best weights);
 * `--resume` continues from it, and the epochs after it print exactly what an uninterrupted run
 * prints. Without `--checkpoint` the run needs no permission.
 *
 * ```sh
 * deno run examples/two_moons.ts
 * # 20 epochs now, the rest later
 * P="--allow-read=two_moons.ckpt --allow-write=two_moons.ckpt"
 * deno run $P examples/two_moons.ts --checkpoint two_moons.ckpt --epochs 20
 * deno run $P examples/two_moons.ts --checkpoint two_moons.ckpt --resume
 * ```
 *
 * The PyTorch original (`fit` below is these lines):
 *
 * ```python
 * train, valid = random_split(TensorDataset(x, y), [0.8, 0.2])
 * model = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Dropout(0.1), nn.Linear(32, 32),
 *                       nn.ReLU(), nn.Linear(32, 1))
 * opt = torch.optim.Adam(model.parameters(), lr=0.01)
 * sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=3)
 * loss_fn = nn.BCEWithLogitsLoss()
 * best, best_state, bad = math.inf, None, 0
 * for epoch in range(start, epochs):  # start: 0, or the saved epoch + 1 with --resume
 *     model.train()
 *     for xb, yb in DataLoader(train, batch_size=32, shuffle=True):
 *         opt.zero_grad(); loss_fn(model(xb), yb).backward(); opt.step()
 *     model.eval()
 *     with torch.no_grad():
 *         val = loss_fn(model(xv), yv).item()
 *     sched.step(val)
 *     if val < best - 1e-4:
 *         best, bad = val, 0
 *         best_state = {k: v.clone() for k, v in model.state_dict().items()}
 *     else:
 *         bad += 1
 *     torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(),
 *                 "scheduler": sched.state_dict(), "rng": torch.get_rng_state(), "epoch": epoch,
 *                 "best": best, "bad": bad, "best_state": best_state}, "two_moons.ckpt")
 *     if bad >= patience: break
 * model.load_state_dict(best_state)
 * ```
 *
 * @module
 */

import { noGrad } from "@descent/autograd";
import {
  DataLoader,
  Progress,
  type ProgressOptions,
  randomSplit,
  type Subset,
  TensorDataset,
} from "@descent/data";
import {
  BCEWithLogitsLoss,
  Dropout,
  Linear,
  type Module,
  ReLU,
  Sequential,
  type StateDict,
} from "@descent/nn";
import { loadCheckpoint, saveCheckpoint } from "@descent/io";
import { Adam, ReduceLROnPlateau } from "@descent/optim";
import {
  cat,
  defaultGenerator,
  linspace,
  manualSeed,
  randn,
  type Tensor,
  tensor,
} from "@descent/tensor";
import { canWrite, cliProgress, type Out, runCli } from "./_cli.ts";
import { fixed, sci } from "./_format.ts";

/** Points and their classes. */
export interface Moons {
  /** Points, `[n, 2]`. */
  x: Tensor;
  /** Classes as `[n, 1]` float32 targets: 0 for the upper moon, 1 for the lower. */
  y: Tensor;
}

/**
 * `n` points on two interleaved half circles with Gaussian noise, as scikit-learn's
 * `make_moons(n, noise=noise)`: the upper moon `(cos t, sin t)`, the lower one
 * `(1 − cos t, 0.5 − sin t)`, `t` evenly spaced in [0, π].
 *
 * @param n Number of points (half on each moon).
 * @param noise Standard deviation of the noise.
 * @param seed Seed.
 * @returns The data.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeMoons } from "./two_moons.ts";
 * const { x, y } = makeMoons(10, 0, 0);
 * assert.deepEqual([x.shape, y.shape], [[10, 2], [10, 1]]);
 * assert.deepEqual((x.toList() as number[][])[0], [1, 0]);
 * ```
 */
export function makeMoons(n: number, noise: number, seed: number): Moons {
  manualSeed(seed);
  const outer = Math.floor(n / 2);
  const inner = n - outer;
  const t1 = linspace(0, Math.PI, outer);
  const t2 = linspace(0, Math.PI, inner);
  const upper = cat([t1.cos().unsqueeze(1), t1.sin().unsqueeze(1)], 1);
  const lower = cat([t2.cos().neg().add(1).unsqueeze(1), t2.sin().neg().add(0.5).unsqueeze(1)], 1);
  const x = cat([upper, lower]).add(randn([n, 2]).mul(noise));
  const labels = Float32Array.from({ length: n }, (_, i) => (i < outer ? 0 : 1));
  return { x, y: tensor(labels).reshape(n, 1) };
}

/**
 * The network: two hidden relu layers of `hidden` units with dropout after the first, one logit.
 *
 * @param hidden Units per hidden layer.
 * @param p Dropout probability.
 * @returns The model.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeModel } from "./two_moons.ts";
 * assert.equal(makeModel(8, 0.1).parameters().length, 6);
 * ```
 */
export function makeModel(hidden: number, p: number): Sequential {
  return new Sequential(
    new Linear(2, hidden),
    new ReLU(),
    new Dropout(p),
    new Linear(hidden, hidden),
    new ReLU(),
    new Linear(hidden, 1),
  );
}

/** All samples of a subset as one batch. */
function whole(set: Subset<[Tensor, Tensor]>): [Tensor, Tensor] {
  return [...new DataLoader(set, { batchSize: set.length })][0];
}

/** Options of {@linkcode fit}. */
export interface FitOptions {
  /** The most epochs. */
  epochs: number;
  /** Samples per step. */
  batchSize: number;
  /** Adam's initial learning rate. */
  lr: number;
  /** Epochs without a better validation loss before stopping. */
  patience: number;
  /** Called after each epoch with a checkpoint of the whole run (`saveCheckpoint`'s bytes). */
  save?: (checkpoint: Uint8Array) => void;
  /** A checkpoint `save` was given: the run continues after its epoch, exactly as it would have. */
  resume?: Uint8Array;
  /** Plain values saved in each checkpoint as its part `meta` (the settings of the run). */
  meta?: Record<string, unknown>;
}

/** One epoch of {@linkcode fit}'s history. */
export interface EpochRecord {
  /** The epoch, from 1. */
  epoch: number;
  /** Mean training loss of the epoch's steps. */
  train: number;
  /** Validation loss after the epoch. */
  valid: number;
  /** Share of validation points classified right. */
  accuracy: number;
  /** The learning rate the epoch ran with. */
  lr: number;
  /** Whether this epoch's weights are the best so far (they were saved). */
  best: boolean;
}

/** What {@linkcode fit} returns. */
export interface FitResult {
  /** One record per epoch run (those before a resumed checkpoint included). */
  history: EpochRecord[];
  /** The epoch whose weights the model holds at the end. */
  bestEpoch: number;
  /** Whether training stopped before `epochs`. */
  stoppedEarly: boolean;
}

/**
 * What a checkpoint of {@linkcode fit} holds besides the model, the optimizer, the scheduler and
 * the default generator: the loop's own state after `epoch`.
 */
export interface FitState {
  /** The last epoch run. */
  epoch: number;
  /** The records of epochs 1 to `epoch`. */
  history: EpochRecord[];
  /** The best validation loss so far (`Infinity` before the first epoch). */
  bestLoss: number;
  /** Its epoch (0 before the first). */
  bestEpoch: number;
  /** Epochs since the last improvement. */
  bad: number;
  /** The best epoch's weights (cloned `stateDict()`), `null` before the first epoch. */
  bestState: StateDict | null;
}

/**
 * Loss and accuracy of the model on `[x, y]`, in evaluation mode, outside autograd.
 *
 * @param model The model.
 * @param batch Points and targets.
 * @returns `[loss, accuracy]`.
 */
export function evaluate(
  model: Module<[Tensor], Tensor>,
  [x, y]: [Tensor, Tensor],
): [number, number] {
  model.eval();
  return noGrad(() => {
    const logits = model.forward(x);
    const loss = new BCEWithLogitsLoss().forward(logits, y).item();
    const accuracy = logits.gt(0).float().eq(y).float().mean().item();
    return [loss, accuracy];
  });
}

/**
 * Trains with early stopping and restores the best weights: after each epoch the validation loss
 * goes to the scheduler; an epoch that improves it by more than 1e-4 saves the weights
 * (`stateDict()`, cloned); `patience` epochs without one stop the run, and the saved weights are
 * loaded back (`loadStateDict()`).
 *
 * With `o.save`, each epoch ends with a checkpoint of everything the rest of the run depends on
 * (`saveCheckpoint` of the model, Adam, the scheduler, the default generator — which the
 * `DataLoader`'s shuffle and `Dropout` draw from — and {@linkcode FitState}); `o.resume` restores
 * one (`loadCheckpoint`) and continues after its epoch with the same losses as a run that never
 * stopped.
 *
 * @param model The model (trained in place; it ends in evaluation mode with the best weights).
 * @param train The training subset.
 * @param valid The validation subset.
 * @param o `epochs`, `batchSize`, `lr`, `patience`, `save`, `resume`, `meta`.
 * @param each Called after each epoch with its record.
 * @param progress How the progress display shows (default: silent).
 * @returns The history, the best epoch and whether it stopped early.
 */
export function fit(
  model: Sequential,
  train: Subset<[Tensor, Tensor]>,
  valid: Subset<[Tensor, Tensor]>,
  o: FitOptions,
  each: (r: EpochRecord) => void = () => {},
  progress: ProgressOptions = { silent: true },
): FitResult {
  const opt = new Adam(model.parameters(), { lr: o.lr });
  const scheduler = new ReduceLROnPlateau(opt, { factor: 0.5, patience: 3 });
  const lossFn = new BCEWithLogitsLoss();
  const loader = new DataLoader(train, { batchSize: o.batchSize, shuffle: true });
  const validation = whole(valid);
  const parts = { model, optimizer: opt, scheduler, generator: defaultGenerator };
  let s: FitState = {
    epoch: 0,
    history: [],
    bestLoss: Infinity,
    bestEpoch: 0,
    bad: 0,
    bestState: null,
  };
  if (o.resume !== undefined) s = loadCheckpoint(o.resume, parts).fit as FitState;
  const bar = new Progress({
    ...progress,
    epochs: o.epochs,
    steps: loader.length,
    firstEpoch: s.epoch + 1,
  });
  for (let epoch = s.epoch + 1; epoch <= o.epochs && s.bad < o.patience; epoch++) {
    const lr = scheduler.getLastLr()[0];
    model.train();
    let sum = 0;
    for (const [xb, yb] of loader) {
      opt.zeroGrad();
      const loss = lossFn.call(model.call(xb), yb);
      loss.backward();
      opt.step();
      const value = loss.item();
      sum += value;
      bar.step(value);
    }
    const [validLoss, accuracy] = evaluate(model, validation);
    bar.endEpoch({ valLoss: validLoss });
    scheduler.step(validLoss);
    const best = validLoss < s.bestLoss - 1e-4;
    if (best) {
      s.bestLoss = validLoss;
      s.bestEpoch = epoch;
      s.bestState = Object.fromEntries(
        Object.entries(model.stateDict()).map(([k, v]) => [k, v.clone()]),
      );
      s.bad = 0;
    } else s.bad++;
    const record = { epoch, train: sum / loader.length, valid: validLoss, accuracy, lr, best };
    s.history.push(record);
    s.epoch = epoch;
    o.save?.(saveCheckpoint({ ...parts, fit: s, meta: o.meta ?? {} }));
    each(record);
  }
  if (s.bestState !== null) model.loadStateDict(s.bestState);
  model.eval();
  return { history: s.history, bestEpoch: s.bestEpoch, stoppedEarly: s.history.length < o.epochs };
}

/** The flags a checkpoint must have been made with to be resumed (they make the data and model). */
const SAME_ON_RESUME = [
  "points",
  "noise",
  "hidden",
  "dropout",
  "batch-size",
  "lr",
  "seed",
] as const;

const CLI = {
  name: "two_moons.ts",
  summary: [
    "Trains a small relu network with dropout on two interleaved half circles: a 80/20",
    "train/validation split, BCEWithLogitsLoss, Adam with ReduceLROnPlateau, early stopping on",
    "the validation loss, and the best weights saved with stateDict and restored at the end.",
    "With --checkpoint, each epoch ends with a checkpoint of the whole run (model, optimizer,",
    "scheduler, random generator, early-stopping state, best weights) in that file; --resume",
    "continues from it with the same losses as a run that never stopped.",
  ].join("\n"),
  flags: {
    points: { type: "integer", default: 1000, min: 10, max: 1000000, help: "number of points" },
    noise: { type: "number", default: 0.2, min: 0, help: "standard deviation of the noise" },
    hidden: { type: "integer", default: 32, min: 1, max: 4096, help: "units per hidden layer" },
    dropout: { type: "number", default: 0.1, min: 0, max: 0.99, help: "dropout probability" },
    epochs: { type: "integer", default: 200, min: 1, max: 100000, help: "the most epochs" },
    "batch-size": { type: "integer", default: 32, min: 1, help: "samples per step" },
    lr: { type: "number", default: 0.01, min: 0, exclusiveMin: true, help: "Adam learning rate" },
    patience: {
      type: "integer",
      default: 10,
      min: 1,
      help: "epochs without a better validation loss before stopping",
    },
    seed: { type: "integer", default: 0, help: "seed of the data, the split and the weights" },
    checkpoint: {
      type: "string",
      arg: "path",
      help: "file written after each epoch (needs --allow-read and --allow-write for it)",
    },
    resume: {
      type: "boolean",
      help: "continue the run saved in --checkpoint",
    },
  },
} as const;

/** The message for a file the run may not touch, with the command that allows it. */
function needsPermission(kind: "read" | "write", path: string): string {
  return `two_moons.ts: --checkpoint ${path} needs permission to ${kind} that file: run ` +
    `deno run --allow-read=${path} --allow-write=${path} examples/two_moons.ts --checkpoint ${path}`;
}

/**
 * Runs the example.
 *
 * @param args Command-line arguments (see `--help`).
 * @param out Where the report goes.
 * @param err Where errors go.
 * @param progress How the progress display shows (default: silent).
 * @returns 0; 1 when the checkpoint cannot be written, read or resumed; 2 for bad flags.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./two_moons.ts";
 * const checkpoint = `${Deno.makeTempDirSync()}/two_moons.ckpt`;
 * assert.equal(main(["--epochs", "3", "--points", "100", "--checkpoint", checkpoint], () => {}), 0);
 * ```
 */
export function main(
  args: string[],
  out: Out,
  err: Out = console.error,
  progress: ProgressOptions = { silent: true },
): number {
  return runCli(CLI, args, out, err, (f) => {
    const path = f.checkpoint;
    if (path === undefined && f.resume) {
      err("two_moons.ts: error: --resume needs --checkpoint <path> (see --help)");
      return 2;
    }
    if (path !== undefined && !canWrite(path)) {
      err(needsPermission("write", path));
      return 1;
    }
    const settings = Object.fromEntries(SAME_ON_RESUME.map((k) => [k, f[k]]));
    let resume: Uint8Array | undefined;
    let lastLr = f.lr;
    let resumedAfter = 0;
    if (path !== undefined && f.resume) {
      if (Deno.permissions.querySync({ name: "read", path }).state !== "granted") {
        err(needsPermission("read", path));
        return 1;
      }
      try {
        resume = Deno.readFileSync(path);
        // the plain values only: nothing is loaded yet
        const saved = loadCheckpoint(resume, {}, { strict: false });
        const meta = saved.meta as Record<string, unknown>;
        const differ = SAME_ON_RESUME.filter((k) => meta?.[k] !== f[k]);
        if (differ.length > 0) {
          const was = differ.map((k) => `--${k} ${meta?.[k]}`).join(" ");
          throw new Error(`it was made with ${was}`);
        }
        const { history, epoch } = saved.fit as FitState;
        lastLr = history[history.length - 1].lr;
        resumedAfter = epoch;
      } catch (e) {
        err(`two_moons.ts: cannot resume from ${path}: ${(e as Error).message}`);
        return 1;
      }
    }
    const data = makeMoons(f.points, f.noise, f.seed);
    const [train, valid] = randomSplit(new TensorDataset(data.x, data.y), [0.8, 0.2]);
    const model = makeModel(f.hidden, f.dropout);
    out(`Data: ${f.points} points on two moons (noise ${f.noise}), seed ${f.seed}`);
    out(`Split: ${train.length} for training, ${valid.length} for validation`);
    out(
      `Model: 2 -> ${f.hidden} -> ${f.hidden} -> 1 logit (relu, dropout ${f.dropout}); ` +
        `BCEWithLogitsLoss; Adam(lr = ${f.lr}) with ReduceLROnPlateau(factor 0.5, patience 3)`,
    );
    out("");
    if (resume !== undefined) out(`Resuming the run saved in ${path} after epoch ${resumedAfter}.`);
    out("epoch  train loss  valid loss  valid acc  learning rate");
    const w = String(f.epochs).length;
    const o: FitOptions = {
      epochs: f.epochs,
      batchSize: f["batch-size"],
      lr: f.lr,
      patience: f.patience,
      save: path === undefined ? undefined : (bytes) => Deno.writeFileSync(path, bytes),
      resume,
      meta: settings,
    };
    const r = fit(model, train, valid, o, (e) => {
      // every improvement, every rate change, and every 10th epoch
      if (e.best || e.lr !== lastLr || e.epoch % 10 === 0) {
        out(
          `${String(e.epoch).padStart(Math.max(5, w))}  ${sci(e.train).padStart(10)}  ${
            sci(e.valid).padStart(10)
          }  ${(fixed(100 * e.accuracy, 1) + "%").padStart(9)}  ${sci(e.lr).padStart(13)}${
            e.best ? "  best so far: saved" : ""
          }`,
        );
      }
      lastLr = e.lr;
    }, progress);
    const last = r.history[r.history.length - 1];
    out("");
    out(
      r.stoppedEarly
        ? `Stopped early after epoch ${last.epoch}: no better validation loss for ${f.patience} epochs.`
        : `Ran all ${f.epochs} epochs.`,
    );
    const best = r.history[r.bestEpoch - 1];
    out(
      `Restored the weights of epoch ${r.bestEpoch} (validation loss ${sci(best.valid)}) ` +
        `with loadStateDict.`,
    );
    const [loss, acc] = evaluate(model, whole(valid));
    out(`Validation loss ${sci(loss)}, accuracy ${fixed(100 * acc, 1)}%.`);
    if (path !== undefined) {
      out(`The run after epoch ${last.epoch} is saved in ${path}; --resume continues it.`);
    }
    return 0;
  });
}

if (import.meta.main) Deno.exit(main(Deno.args, console.log, console.error, cliProgress()));
