/**
 * Testing helpers for users' tests: `allclose`, `assertClose` and `gradcheck`.
 * PyTorch: `torch.allclose`, `torch.testing.assert_close`, `torch.autograd.gradcheck`.
 *
 * @module
 */

import {
  assertNotThenable,
  assertSyncFunction,
  formatShape,
  grad,
  warnOnce,
} from "@descent/autograd";
import { type NestedArray, Tensor } from "./tensor.ts";
import { randnLike, tensor } from "./create.ts";
import { broadcastShapes, sameShape } from "./shape.ts";
import { formatTensor } from "./format.ts";

/** Tolerances of {@linkcode allclose} and {@linkcode assertClose}. */
export interface CloseOptions {
  /** Relative tolerance. */
  rtol?: number;
  /** Absolute tolerance. */
  atol?: number;
  /** Whether NaN equals NaN (default `false`). */
  equalNan?: boolean;
}

function close(a: number, b: number, rtol: number, atol: number, equalNan: boolean): boolean {
  if (a === b) return true;
  if (a !== a || b !== b) return equalNan && a !== a && b !== b;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/**
 * Whether `|a - b| <= atol + rtol * |b|` elementwise (broadcasting). PyTorch:
 * `torch.allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False)`.
 *
 * @param a First tensor.
 * @param b Second tensor.
 * @param options `rtol` (1e-5), `atol` (1e-8), `equalNan` (false).
 * @returns Whether all elements are close.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { allclose, tensor } from "@descent/tensor";
 * assert(allclose(tensor([1, 2]), tensor([1, 2.000001])));
 * ```
 */
export function allclose(a: Tensor, b: Tensor, options: CloseOptions = {}): boolean {
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = options;
  // PyTorch's isclose checks
  if (!(rtol >= 0)) {
    throw new RangeError(`rtol must be greater than or equal to zero, but got ${rtol}`);
  }
  if (!(atol >= 0)) {
    throw new RangeError(`atol must be greater than or equal to zero, but got ${atol}`);
  }
  const shape = broadcastShapes(a.shape, b.shape);
  const av = a.expand(shape).contiguous()._values();
  const bv = b.expand(shape).contiguous()._values();
  for (let i = 0; i < av.length; i++) {
    if (!close(av[i], bv[i], rtol, atol, equalNan)) return false;
  }
  return true;
}

/** Raised by {@linkcode assertClose}. PyTorch: `AssertionError`. *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AssertionError, assertClose, tensor } from "@descent/tensor";
 * assert.throws(() => assertClose(tensor([1.5]), tensor([1.75])), AssertionError);
 * ```
 */
export class AssertionError extends Error {
  /**
   * Makes the error.
   *
   * @param message What did not match.
   */
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}

function pyFloat(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  const s = String(x);
  return s.includes("e") ? s.replace(/e([+-])(\d)$/, "e$10$2") : s;
}

function indexOf(flat: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return idx.length === 1 ? `(${idx[0]},)` : `(${idx.join(", ")})`;
}

/**
 * Asserts that `actual` and `expected` have the same shape, dtype and close values, with
 * PyTorch's default tolerances for the dtype (float32: rtol 1.3e-6, atol 1e-5; float64: 1e-7,
 * 1e-7; integer and bool dtypes: equal).
 * The message names the worst element. PyTorch: `torch.testing.assert_close`.
 *
 * @param actual The tensor under test.
 * @param expected The expected values: a tensor, nested arrays or a number.
 * @param options `rtol`, `atol`, `equalNan`.
 * @example
 * ```ts
 * import { assertClose, tensor } from "@descent/tensor";
 * assertClose(tensor([0.1, 0.2]).add(0.1), [0.2, 0.3]);
 * ```
 */
export function assertClose(
  actual: Tensor,
  expected: Tensor | NestedArray,
  options: CloseOptions = {},
): void {
  if (!(actual instanceof Tensor)) throw new TypeError("assertClose(): actual must be a Tensor");
  const exp = expected instanceof Tensor ? expected : tensor(expected, { dtype: actual.dtype });
  if (!sameShape(actual.shape, exp.shape)) {
    throw new AssertionError(
      `The values for attribute 'shape' do not match: torch.Size(${
        formatShape(actual.shape)
      }) != torch.Size(${formatShape(exp.shape)}).`,
    );
  }
  if (actual.dtype !== exp.dtype) {
    throw new AssertionError(
      `The values for attribute 'dtype' do not match: torch.${actual.dtype} != torch.${exp.dtype}.`,
    );
  }
  const f64 = actual.dtype === "float64";
  const exact = actual.dtype !== "float32" && !f64;
  const rtol = options.rtol ?? (exact ? 0 : f64 ? 1e-7 : 1.3e-6);
  const atol = options.atol ?? (exact ? 0 : f64 ? 1e-7 : 1e-5);
  const equalNan = options.equalNan ?? false;
  const a = actual._values();
  const e = exp._values();
  let bad = 0;
  let worstAbs = -1;
  let worstAbsAt = 0;
  let worstRel = -1;
  let worstRelAt = 0;
  for (let i = 0; i < a.length; i++) {
    if (close(a[i], e[i], rtol, atol, equalNan)) continue;
    bad++;
    const absd = Math.abs(a[i] - e[i]);
    const reld = absd / Math.abs(e[i]);
    if (!(absd <= worstAbs)) {
      worstAbs = absd;
      worstAbsAt = i;
    }
    if (!(reld <= worstRel)) {
      worstRel = reld;
      worstRelAt = i;
    }
  }
  if (bad === 0) return;
  const pct = (100 * bad / a.length).toFixed(1);
  throw new AssertionError(
    `Tensor-likes are not close!\n\nMismatched elements: ${bad} / ${a.length} (${pct}%)\n` +
      `Greatest absolute difference: ${pyFloat(worstAbs)} at index ${
        indexOf(worstAbsAt, actual.shape)
      } (up to ${pyFloat(atol)} allowed)\n` +
      `Greatest relative difference: ${pyFloat(worstRel)} at index ${
        indexOf(worstRelAt, actual.shape)
      } (up to ${pyFloat(rtol)} allowed)\n` +
      `(actual ${a[worstAbsAt]}, expected ${e[worstAbsAt]} at the greatest absolute difference)`,
  );
}

/** Options of {@linkcode gradcheck}. */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /** Throw on failure (default `true`); when `false`, return `false` instead. */
  raiseException?: boolean;
}

/** Raised by {@linkcode gradcheck} on a Jacobian mismatch. PyTorch: `GradcheckError`. *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradcheck, GradcheckError, tensor } from "@descent/tensor";
 * const x = tensor([0.5, 1.5], { dtype: "float64", requiresGrad: true });
 * // a function whose recorded derivative is wrong: detach() hides x from one factor
 * const wrong = (t: typeof x) => t.mul(t.detach());
 * assert.throws(() => gradcheck(wrong, [x]), GradcheckError);
 * ```
 */
export class GradcheckError extends Error {
  /**
   * Makes the error.
   *
   * @param message The mismatch, with both Jacobians.
   */
  constructor(message: string) {
    super(message);
    this.name = "GradcheckError";
  }
}

/** Calls `fn` and checks that it returned a tensor or a list of tensors, synchronously. */
function outputsOf(
  fn: (...inputs: Tensor[]) => Tensor | Tensor[],
  inputs: readonly Tensor[],
  api: string,
): Tensor[] {
  const r: unknown = fn(...inputs);
  assertNotThenable(r, api);
  const outs = Array.isArray(r) ? r : [r];
  for (const o of outs) {
    if (!(o instanceof Tensor)) {
      throw new TypeError(
        `${api}: fn must return a Tensor or a list of Tensors, got ${
          o === null ? "null" : typeof o
        }`,
      );
    }
  }
  return outs;
}

/** Storage positions of a tensor's elements in row-major order. */
function positions(t: Tensor): number[] {
  const out: number[] = [];
  const nd = t.ndim;
  const idx = new Array<number>(nd).fill(0);
  for (let k = 0; k < t._numel; k++) {
    let p = t._offset;
    for (let d = 0; d < nd; d++) p += idx[d] * t._strides[d];
    out.push(p);
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < t.shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * Checks the analytical gradients of `fn` (from backward) against central finite differences,
 * for every input that requires grad and every output. Use float64 inputs.
 * PyTorch: `torch.autograd.gradcheck(func, inputs, eps=1e-06, atol=1e-05, rtol=0.001)`.
 *
 * @param fn The function: tensors in, a tensor or a list of tensors out.
 * @param inputs The inputs; those that require grad are checked.
 * @param options `eps`, `atol`, `rtol`, `raiseException`.
 * @returns `true` when the Jacobians match (`false` on mismatch with `raiseException: false`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradcheck, randn } from "@descent/tensor";
 * const x = randn([3], { dtype: "float64", requiresGrad: true });
 * assert(gradcheck((t) => t.sin().mul(t), [x]));
 * ```
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor | Tensor[],
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): boolean {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, raiseException = true } = options;
  assertSyncFunction(fn, "gradcheck()");
  const checked = inputs.map((t, i) => ({ t, i })).filter(({ t }) => t.requiresGrad);
  for (const { t, i } of checked) {
    if (t.dtype !== "float64") {
      warnOnce(
        `Input #${i} requires gradient and is not a double precision floating point or complex. This check will likely fail if all the inputs are not of double precision floating point or complex. `,
      );
    }
  }
  const outputs = outputsOf(fn, inputs, "gradcheck()");
  // Numerical Jacobians: J[o][k] is numel(input k) × numel(output o).
  const numerical: Float64Array[][] = outputs.map(() => []);
  for (const { t } of checked) {
    const pos = positions(t);
    const cols = outputs.map((o) => new Float64Array(pos.length * o._numel));
    {
      // Evaluated with grad mode as the caller has it, so fn may itself differentiate
      // (as gradgradcheck's functions do).
      for (let j = 0; j < pos.length; j++) {
        const orig = t._data[pos[j]];
        t._data[pos[j]] = orig + eps;
        const plus = outputsOf(fn, inputs, "gradcheck()").map((o) =>
          Float64Array.from(o._values())
        );
        t._data[pos[j]] = orig - eps;
        const minus = outputsOf(fn, inputs, "gradcheck()").map((o) =>
          Float64Array.from(o._values())
        );
        t._data[pos[j]] = orig;
        outputs.forEach((o, oi) => {
          for (let r = 0; r < o._numel; r++) {
            cols[oi][j * o._numel + r] = (plus[oi][r] - minus[oi][r]) / (2 * eps);
          }
        });
      }
    }
    outputs.forEach((_, oi) => numerical[oi].push(cols[oi]));
  }
  // Analytical Jacobians, one output element at a time.
  for (let oi = 0; oi < outputs.length; oi++) {
    const o = outputs[oi];
    const analytical = checked.map(({ t }) => new Float64Array(t._numel * o._numel));
    if (o.requiresGrad) {
      for (let r = 0; r < o._numel; r++) {
        const seed = new Tensor(
          o.dtype === "float64" ? new Float64Array(o._numel) : new Float32Array(o._numel),
          o.shape,
          o.dtype === "float64" ? "float64" : "float32",
        );
        seed._data[r] = 1;
        const gs = grad(o, checked.map(({ t }) => t), {
          gradOutputs: seed,
          retainGraph: true,
          allowUnused: true,
        });
        gs.forEach((g, k) => {
          if (g === null) return;
          const gv = g._values();
          for (let j = 0; j < gv.length; j++) analytical[k][j * o._numel + r] = gv[j];
        });
      }
    }
    for (let k = 0; k < checked.length; k++) {
      const a = analytical[k];
      const n = numerical[oi][k];
      let ok = true;
      for (let j = 0; j < a.length; j++) {
        if (!(Math.abs(a[j] - n[j]) <= atol + rtol * Math.abs(n[j]))) ok = false;
      }
      if (!ok) {
        if (!raiseException) return false;
        const shape = [checked[k].t._numel, o._numel];
        const show = (d: Float64Array): string =>
          formatTensor({ data: d, shape, dtype: "float64", gradFnName: null, requiresGrad: false });
        throw new GradcheckError(
          `Jacobian mismatch for output ${oi} with respect to input ${checked[k].i},\nnumerical:${
            show(n)
          }\nanalytical:${show(a)}\n`,
        );
      }
    }
  }
  return true;
}

/**
 * Checks second derivatives: runs {@linkcode gradcheck} on the function that maps the inputs
 * and output gradients to the first derivatives (computed with `createGraph`).
 * PyTorch: `torch.autograd.gradgradcheck(func, inputs, grad_outputs=None, eps=1e-06,
 * atol=1e-05, rtol=0.001)`.
 *
 * @param fn The function: tensors in, a tensor or a list of tensors out.
 * @param inputs The inputs (float64); those that require grad are checked.
 * @param gradOutputs Gradients of the outputs (default: random float64 tensors).
 * @param options `eps`, `atol`, `rtol`, `raiseException`.
 * @returns `true` when the second derivatives match.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradgradcheck, randn } from "@descent/tensor";
 * const x = randn([3], { dtype: "float64", requiresGrad: true });
 * assert.ok(gradgradcheck((t) => t.pow(3).mul(t.sin()), [x]));
 * ```
 */
export function gradgradcheck(
  fn: (...inputs: Tensor[]) => Tensor | Tensor[],
  inputs: readonly Tensor[],
  gradOutputs: readonly Tensor[] | null = null,
  options: GradcheckOptions = {},
): boolean {
  assertSyncFunction(fn, "gradgradcheck()");
  const outs = outputsOf(fn, inputs, "gradgradcheck()");
  const gos = gradOutputs ??
    outs.map((o) => randnLike(o, { dtype: "float64", requiresGrad: true }));
  const n = inputs.length;
  const firstDerivatives = (...all: Tensor[]): Tensor[] => {
    const ins = all.slice(0, n);
    const ys = outputsOf(fn, ins, "gradgradcheck()");
    const diff = ins.filter((t) => t.requiresGrad);
    const gs = grad(ys, diff, { gradOutputs: all.slice(n), createGraph: true, allowUnused: true });
    return gs.filter((g): g is Tensor => g !== null);
  };
  return gradcheck(firstDerivatives, [...inputs, ...gos], options);
}
