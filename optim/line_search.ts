/**
 * The strong-Wolfe line search of `LBFGS` (`lineSearchFn: "strong_wolfe"`): bracket a step
 * length that satisfies the strong Wolfe conditions, then zoom in on it with safeguarded cubic
 * interpolation. PyTorch's `_strong_wolfe` and `_cubic_interpolate` (ported there from Torch7's
 * `lswolfe.lua` and `polyinterp.lua`), same decisions in the same order, written over flat
 * typed arrays.
 *
 * @module
 */

import type { Storage } from "@descent/tensor/extend";

/** Rounds a scalar to the parameters' precision (`Math.fround` for float32). */
export type Round = (x: number) => number;

/**
 * `a · b`, accumulated in double precision and rounded once.
 *
 * @param a A vector.
 * @param b A vector of the same length.
 * @param round Rounds the result to the vectors' precision.
 * @returns The dot product.
 */
export function dot(a: Storage, b: Storage, round: Round): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return round(s);
}

/**
 * `max |a_i|` (NaN if any element is NaN, as `abs().max()`).
 *
 * @param a A vector.
 * @returns The largest magnitude.
 */
export function absMax(a: Storage): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Math.abs(a[i]);
    if (!(x <= m)) m = x;
  }
  return m;
}

/**
 * The minimiser of the cubic through `(x1, f1)` and `(x2, f2)` with slopes `g1`, `g2`, clamped
 * to `bounds` (default: between the two points); their midpoint when the cubic has no minimum.
 *
 * @param p The two points: `[x1, f1, g1, x2, f2, g2]`.
 * @param bounds `[min, max]` of the result.
 * @returns The step length.
 */
export function cubicInterpolate(
  p: readonly [number, number, number, number, number, number],
  bounds?: readonly [number, number],
): number {
  const [x1, f1, g1, x2, f2, g2] = p;
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 ** 2 - g1 * g2;
  if (!(d2Square >= 0)) return (lo + hi) / 2;
  const d2 = Math.sqrt(d2Square);
  const minPos = x1 <= x2
    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
  return pyMin(pyMax(minPos, lo), hi);
}

/** Python's `max(a, b)`: `a` unless `b > a` (so a NaN `a` is kept). */
function pyMax(a: number, b: number): number {
  return b > a ? b : a;
}

/** Python's `min(a, b)`: `a` unless `b < a`. */
function pyMin(a: number, b: number): number {
  return b < a ? b : a;
}

/** The loss and flat gradient at a step length along the search direction. */
export interface Probe {
  /** The loss. */
  f: number;
  /** The flat gradient. */
  g: Storage;
}

/** What the line search found. */
export interface LineSearchResult extends Probe {
  /** The step length. */
  t: number;
  /** How many times the objective was evaluated. */
  evals: number;
}

/** Where the line search starts and how it judges. */
export interface LineSearchStart {
  /** The search direction. */
  d: Storage;
  /** The initial step length. */
  t: number;
  /** The loss at step 0. */
  f: number;
  /** The flat gradient at step 0. */
  g: Storage;
  /** The directional derivative `g · d` at step 0. */
  gtd: number;
  /** Rounds scalars to the parameters' precision. */
  round: Round;
  /** The sufficient-decrease constant (default 1e-4). */
  c1?: number;
  /** The curvature constant (default 0.9). */
  c2?: number;
  /** Stop zooming when the bracket is this small (default 1e-9). */
  toleranceChange?: number;
  /** The most evaluations (default 25). */
  maxLs?: number;
}

/**
 * Finds a step length along `d` that satisfies the strong Wolfe conditions. PyTorch:
 * `torch.optim.lbfgs._strong_wolfe(obj_func, x, t, d, f, g, gtd, c1=1e-4, c2=0.9,
 * tolerance_change=1e-9, max_ls=25)`.
 *
 * @param probe Evaluates the loss and gradient at step length `t`.
 * @param s The start.
 * @returns The step length with its loss, gradient and number of evaluations.
 */
export function strongWolfe(probe: (t: number) => Probe, s: LineSearchStart): LineSearchResult {
  const { d, f, gtd, round } = s;
  const c1 = s.c1 ?? 1e-4;
  const c2 = s.c2 ?? 0.9;
  const tolChange = s.toleranceChange ?? 1e-9;
  const maxLs = s.maxLs ?? 25;
  const dNorm = absMax(d);
  let t = s.t;
  let { f: fNew, g: gNew } = probe(t);
  let evals = 1;
  let gtdNew = dot(gNew, d, round);

  // Bracket an interval containing a point that satisfies the Wolfe conditions.
  let tPrev = 0, fPrev = f, gPrev = s.g, gtdPrev = gtd;
  let done = false;
  let iter = 0;
  let bracket: number[] = [], bf: number[] = [], bg: Storage[] = [], bgtd: number[] = [];
  while (iter < maxLs) {
    if (fNew > f + c1 * t * gtd || (iter > 1 && fNew >= fPrev)) {
      [bracket, bf, bg, bgtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      [bracket, bf, bg] = [[t], [fNew], [gNew]];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      [bracket, bf, bg, bgtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]];
      break;
    }
    // Extrapolate.
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const tmp = t;
    t = cubicInterpolate([tPrev, fPrev, gtdPrev, t, fNew, gtdNew], [minStep, maxStep]);
    [tPrev, fPrev, gPrev, gtdPrev] = [tmp, fNew, gNew, gtdNew];
    ({ f: fNew, g: gNew } = probe(t));
    evals++;
    gtdNew = dot(gNew, d, round);
    iter++;
  }
  if (iter === maxLs) [bracket, bf, bg] = [[0, t], [f, fNew], [s.g, gNew]];

  // Zoom: shrink the bracket until a point satisfies the conditions.
  let insufficientProgress = false;
  let [low, high] = bf[0] <= bf[bf.length - 1] ? [0, 1] : [1, 0];
  while (!done && iter < maxLs) {
    if (Math.abs(bracket[1] - bracket[0]) * dNorm < tolChange) break;
    t = cubicInterpolate([bracket[0], bf[0], bgtd[0], bracket[1], bf[1], bgtd[1]]);
    // Too close to an end of the bracket (twice, or outside it): move 10% of it inside.
    const bMax = Math.max(...bracket);
    const bMin = Math.min(...bracket);
    const eps = 0.1 * (bMax - bMin);
    if (Math.min(bMax - t, t - bMin) < eps) {
      if (insufficientProgress || t >= bMax || t <= bMin) {
        t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
        insufficientProgress = false;
      } else insufficientProgress = true;
    } else insufficientProgress = false;

    ({ f: fNew, g: gNew } = probe(t));
    evals++;
    gtdNew = dot(gNew, d, round);
    iter++;

    if (fNew > f + c1 * t * gtd || fNew >= bf[low]) {
      // Not a sufficient decrease, or not below the lowest point: the new high end.
      [bracket[high], bf[high], bg[high], bgtd[high]] = [t, fNew, gNew, gtdNew];
      [low, high] = bf[0] <= bf[1] ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) done = true;
      else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
        // The old high end becomes the new low end.
        [bracket[high], bf[high], bg[high], bgtd[high]] = [
          bracket[low],
          bf[low],
          bg[low],
          bgtd[low],
        ];
      }
      [bracket[low], bf[low], bg[low], bgtd[low]] = [t, fNew, gNew, gtdNew];
    }
  }
  return { t: bracket[low], f: bf[low], g: bg[low], evals };
}
