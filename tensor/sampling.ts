/**
 * Integer and Bernoulli samples from the seeded default generator, as tensors: `randint`,
 * `randperm`, `bernoulli`, and the in-place `Tensor.bernoulli_` and `Tensor.random_`. Each wraps
 * a sampler of `generator.ts`, which draws PyTorch's mt19937 stream exactly, so after
 * `manualSeed(s)` the values equal PyTorch's after `torch.manual_seed(s)`.
 *
 * @module
 */

import { type DType, Tensor, type TensorOptions } from "./tensor.ts";
import { defaultGenerator } from "./generator.ts";
import { INT64_MAX_EXACT, isFloatingDType, notImplemented } from "./dtype.ts";
import { make, shapeFrom, type SizeArg } from "./create.ts";
import type { FloatStorage, Storage } from "./kernels/elementwise.ts";
import { record, tracks } from "./ops/record.ts";
import { sample_ } from "./ops/inplace.ts";

/** C++'s names of the integer types in PyTorch's bounds messages (`… out of bounds for int`). */
const BOUND_NAME: Partial<Record<DType, string>> = {
  uint8: "unsigned char",
  bool: "bool",
  int32: "int",
  int64: "long",
};

function checkInteger(v: unknown, op: string, arg: string): asserts v is number {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new TypeError(
      `${op}(): argument '${arg}' must be int, not ${typeof v === "number" ? "float" : typeof v}`,
    );
  }
}

/**
 * Checks `[low, high)` as PyTorch's `random_(from, to)` does for `dtype` (from < to first, then
 * each bound in the dtype's range), and for int64 that descent holds every value exactly.
 */
function checkRange(low: number, high: number, dtype: DType): void {
  if (low >= high) {
    throw new RangeError(
      `random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`,
    );
  }
  const [min, max] = dtype === "uint8"
    ? [0, 255]
    : dtype === "bool"
    ? [0, 1]
    : dtype === "int32"
    ? [-(2 ** 31), 2 ** 31 - 1]
    : dtype === "float32"
    ? [-(2 ** 24), 2 ** 24]
    : [-INT64_MAX_EXACT, INT64_MAX_EXACT];
  const name = BOUND_NAME[dtype] ?? (dtype === "float32" ? "float" : "double");
  if (low < min || low > max) throw new RangeError(`from is out of bounds for ${name}`);
  if (high - 1 < min || high - 1 > max) throw new RangeError(`to - 1 is out of bounds for ${name}`);
}

/**
 * Fills `out` (a storage of `dtype`) with integers uniform in `[low, high)` on the default
 * generator's stream: the draws PyTorch makes for `dtype` (one 32-bit draw per element below a
 * range of 2^28, one 64-bit draw from there).
 */
function drawIntegers(out: Storage, low: number, high: number, dtype: DType): void {
  if (dtype === "uint8" || dtype === "bool") {
    // PyTorch draws these as it draws int32 (32-bit draws modulo the range)
    out.set(defaultGenerator.randint(new Int32Array(out.length), low, high));
  } else {
    // int64 is a Float64Array of exact values; the draws are int64's
    defaultGenerator.randint(out as Float32Array | Float64Array | Int32Array, low, high);
  }
}

/**
 * Random integers uniform in `[low, high)`. PyTorch: `torch.randint(low=0, high, size,
 * dtype=torch.int64)`: the same values after the same `manualSeed`. Also `randint(high, size)`.
 *
 * @param low The least value (inclusive).
 * @param high One past the greatest value.
 * @param size The shape.
 * @param opts `dtype` (default int64; any dtype whose range holds `[low, high)`), `requiresGrad`
 *   (floating dtypes only).
 * @returns The tensor.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { manualSeed, randint } from "@descent/tensor";
 * manualSeed(0);
 * assert.equal(String(randint(0, 10, [5])), "tensor([4, 9, 3, 0, 3])"); // torch.randint(0, 10, (5,))
 * manualSeed(0);
 * assert.equal(String(randint(10, [5])), "tensor([4, 9, 3, 0, 3])");
 * ```
 */
export function randint(low: number, high: number, size: SizeArg, opts?: TensorOptions): Tensor;
/**
 * Random integers uniform in `[0, high)`. PyTorch: `torch.randint(high, size)`.
 *
 * @param high One past the greatest value.
 * @param size The shape.
 * @param opts `dtype` (default int64), `requiresGrad` (floating dtypes only).
 * @returns The tensor.
 */
export function randint(high: number, size: SizeArg, opts?: TensorOptions): Tensor;
export function randint(
  a: number,
  b: number | SizeArg,
  c?: SizeArg | TensorOptions,
  d?: TensorOptions,
): Tensor {
  const [low, high, size, opts] = typeof b === "number"
    ? [a, b, c as SizeArg, d]
    : [0, a, b, c as TensorOptions | undefined];
  checkInteger(low, "randint", "low");
  checkInteger(high, "randint", "high");
  const shape = shapeFrom(size, "randint");
  const dtype = opts?.dtype ?? "int64";
  checkRange(low, high, dtype);
  return make(shape, opts, (out) => drawIntegers(out, low, high, dtype), "int64", "randint");
}

/**
 * A random permutation of `0 … n-1`. PyTorch: `torch.randperm(n, dtype=torch.int64)`: the same
 * permutation after the same `manualSeed` (`manualSeed(0); randperm(10)` is PyTorch's
 * `tensor([4, 1, 7, 5, 3, 9, 0, 8, 6, 2])`).
 *
 * @param n The length.
 * @param opts `dtype` (default int64; not bool; float32 up to 2^24 + 1, uint8 up to 256
 *   elements), `requiresGrad` (floating dtypes only).
 * @returns The permutation.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { manualSeed, randperm } from "@descent/tensor";
 * manualSeed(0);
 * assert.equal(String(randperm(10)), "tensor([4, 1, 7, 5, 3, 9, 0, 8, 6, 2])");
 * ```
 */
export function randperm(n: number, opts?: TensorOptions): Tensor {
  checkInteger(n, "randperm", "n");
  const shape = shapeFrom([n], "randperm");
  const dtype = opts?.dtype ?? "int64";
  if (dtype === "bool") throw notImplemented("randperm", dtype);
  if (dtype === "uint8" && n > 256) {
    throw new RangeError("value cannot be converted to type uint8_t without overflow");
  }
  if (dtype === "float32" && n > 2 ** 24 + 1) {
    throw new RangeError("n cannot be greater than 2^24+1 for Float type.");
  }
  const fill = (out: Storage) => {
    if (out instanceof Uint8Array) out.set(defaultGenerator.randperm(new Int32Array(n)));
    else defaultGenerator.randperm(out);
  };
  return make(shape, opts, fill, "int64", "randperm");
}

/** The probabilities of `p` as the generator takes them (one float per element). */
function probabilities(p: Tensor, op: string): FloatStorage {
  if (!isFloatingDType(p.dtype)) throw notImplemented(op, p.dtype);
  const v = p._values() as FloatStorage;
  for (let i = 0; i < v.length; i++) {
    if (!(v[i] >= 0 && v[i] <= 1)) {
      throw new RangeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.");
    }
  }
  return v;
}

/**
 * 0 or 1 per element, 1 with the probability the element gives. PyTorch:
 * `torch.bernoulli(input)` → `BernoulliBackward0` (a zero gradient): the same draws after the
 * same `manualSeed`.
 *
 * @param input Probabilities in [0, 1] (float32 or float64).
 * @returns A tensor of `input`'s shape and dtype.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bernoulli, manualSeed, tensor } from "@descent/tensor";
 * manualSeed(0);
 * assert.equal(String(bernoulli(tensor([0.1, 0.5, 0.9, 0.5]))), "tensor([0., 0., 1., 1.])");
 * ```
 */
export function bernoulli(input: Tensor): Tensor {
  if (!(input instanceof Tensor)) throw new TypeError("bernoulli(): input must be a Tensor");
  const p = probabilities(input, "bernoulli_tensor_cpu_p_");
  const out = make(
    input.shape,
    { dtype: input.dtype },
    (o) => defaultGenerator.bernoulli(o as FloatStorage, p),
    input.dtype,
    "bernoulli",
  );
  if (tracks(input)) record("BernoulliBackward0", out, [input]).setBackward((g) => [g.mul(0)]);
  return out;
}

/**
 * @ignore `self.bernoulli_(p)`: PyTorch's `Tensor.bernoulli_(p=0.5)` (`BernoulliBackward2`
 * for a number, `BernoulliBackward1` for a tensor of probabilities broadcast to `self`).
 */
export function bernoulliInPlace<T extends Tensor>(self: T, p: number | Tensor): T {
  if (p instanceof Tensor) {
    const probs = probabilities(p.expand(self.shape), "bernoulli_tensor_cpu_p_");
    return sample_(
      self,
      (out) => defaultGenerator.bernoulli(out, probs),
      "bernoulli_",
      "BernoulliBackward1",
    );
  }
  if (typeof p !== "number") throw new TypeError("bernoulli_(): p must be a number or a Tensor");
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
  }
  return sample_(
    self,
    (out) => defaultGenerator.bernoulli(out, p),
    "bernoulli_",
    "BernoulliBackward2",
  );
}

/**
 * @ignore `self.random_(low, high)` / `random_(high)` / `random_()`: PyTorch's
 * `Tensor.random_(from=0, to=None)` (`RandomBackward0`/`1`/`2`). Without bounds the range is the
 * dtype's: [0, 2^24] for float32, [0, 2^53] for float64, [0, 2^31) for int32, [0, 2^8) for uint8,
 * {0, 1} for bool; int64's [0, 2^63) is beyond what descent holds, so int64 needs bounds.
 */
export function randomInPlace<T extends Tensor>(self: T, low?: number, high?: number): T {
  const dtype = self.dtype;
  if (low === undefined) {
    if (dtype === "int64") {
      throw new RangeError(
        "random_(): int64's default range [0, 2^63) is beyond the integers descent's int64 holds exactly (2^53); give bounds",
      );
    }
    if (dtype === "uint8" || dtype === "bool") {
      const top = dtype === "bool" ? 2 : 256;
      return sample_(self, (out) => drawIntegers(out, 0, top, dtype), "random_", "RandomBackward2");
    }
    const draw = (out: Storage) =>
      defaultGenerator.random(out as Float32Array | Float64Array | Int32Array);
    return sample_(self, draw, "random_", "RandomBackward2");
  }
  const [from, to] = high === undefined ? [0, low] : [low, high];
  checkInteger(from, "random_", "from");
  checkInteger(to, "random_", "to");
  checkRange(from, to, dtype);
  const name = high === undefined ? "RandomBackward1" : "RandomBackward0";
  return sample_(self, (out) => drawIntegers(out, from, to, dtype), "random_", name);
}
