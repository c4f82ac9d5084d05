/**
 * In-place ops: `add_`, `sub_`, `mul_`, `div_`, `fill_`/`zero_`, `copy_`. Each bumps the
 * version counter, refuses leaves that require grad (outside `noGrad`), and on a tensor that
 * is part of a graph records a node that rebases its history, as PyTorch does.
 *
 * @module
 */

import { isGradEnabled } from "@descent/autograd";
import { allocate, copyOf, type Operand, Tensor } from "../tensor.ts";
import { broadcastShapes, formatShape, sameShape } from "../shape.ts";
import { ADD, binaryScalar, type BinOp, DIV, MUL, scatter, SUB } from "../kernels/elementwise.ts";
import { record } from "./record.ts";
import { add, alphaTimes, div, mul, scalarAs, sub } from "./elementwise.ts";
import { sumTo } from "./reduce.ts";

/** Validates an in-place op on `self` with `other`; returns whether it must be recorded. */
function prepare(self: Tensor, other: Operand | null, name: string): boolean {
  if (!(self instanceof Tensor)) throw new TypeError(`${name}: expected a Tensor`);
  if (other !== null && typeof other !== "number" && !(other instanceof Tensor)) {
    throw new TypeError(`${name}(): argument must be a Tensor or a number, got ${typeof other}`);
  }
  const grad = isGradEnabled();
  if (grad && self._gradFn === null && self._requiresGrad) {
    throw new Error("a leaf Variable that requires grad is being used in an in-place operation.");
  }
  const base = self._base as Tensor | null;
  if (grad && base !== null && base._gradFn === null && base._requiresGrad) {
    throw new Error(
      "a view of a leaf Variable that requires grad is being used in an in-place operation.",
    );
  }
  if (other instanceof Tensor && !sameShape(other.shape, self.shape)) {
    const b = broadcastShapes(self.shape, other.shape);
    if (!sameShape(b, self.shape)) {
      throw new RangeError(
        `output with shape ${formatShape(self.shape)} doesn't match the broadcast shape ${
          formatShape(b)
        }`,
      );
    }
  }
  for (let i = 0; i < self.ndim; i++) {
    if (self._strides[i] === 0 && self.shape[i] > 1) {
      throw new RangeError(
        "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.",
      );
    }
  }
  const records = grad &&
    (self.requiresGrad || (other instanceof Tensor && other.requiresGrad));
  if (records && base !== null && base.requiresGrad) {
    throw new Error(
      `${name}: in-place operations that record a graph on a view of a tensor that requires grad are not supported; use the out-of-place op instead`,
    );
  }
  return records;
}

/** Writes `values` (same shape as `self`) into `self`'s storage and bumps its version. */
function writeInto(self: Tensor, values: Tensor): void {
  if (self._dense) self._data.set(values._values());
  else scatter(values._values(), self._data, self._offset, self.shape, self._strides);
  self._vc.version++;
}

/**
 * A copy of `self`'s values that stands for `self` in the graph (same `grad_fn` edge): the
 * input of the recorded op, while `self` itself is overwritten.
 */
function snapshot(self: Tensor): Tensor {
  const s = new Tensor(self._dense ? copyOf(self._data) : self._values(), self.shape);
  s._gradFn = self._gradFn;
  s._outputNr = self._outputNr;
  return s;
}

function binaryInplace(
  self: Tensor,
  other: Operand,
  name: string,
  op: BinOp,
  outOfPlace: (a: Tensor, b: Operand) => Tensor,
  alpha = 1,
): Tensor {
  if (prepare(self, other, name)) {
    const r = outOfPlace(snapshot(self), other);
    writeInto(self, r);
    self._setGradFn(r._gradFn!, 0);
    return self;
  }
  const fast = typeof other === "number" ||
    (alpha === 1 && other._dense && sameShape(other.shape, self.shape) &&
      other._data !== self._data);
  if (self._dense && fast) {
    const d = self._data;
    if (typeof other === "number") {
      // The number as the out-of-place op uses it (rounded to float32 first), so that `add_`
      // equals `add` bit for bit.
      const s = alpha === 1 ? scalarAs(self.dtype, other) : alphaTimes(self, alpha, other);
      binaryScalar(op, d, s, d, d.length, false);
    } else {
      const o = other._data;
      switch (op) {
        case ADD:
          for (let i = 0; i < d.length; i++) d[i] += o[i];
          break;
        case SUB:
          for (let i = 0; i < d.length; i++) d[i] -= o[i];
          break;
        case MUL:
          for (let i = 0; i < d.length; i++) d[i] *= o[i];
          break;
        case DIV:
          for (let i = 0; i < d.length; i++) d[i] /= o[i];
          break;
      }
    }
    self._vc.version++;
    return self;
  }
  writeInto(self, outOfPlace(self, other));
  return self;
}

/**
 * `self += alpha * other` in place. PyTorch: `Tensor.add_(other, alpha=1)`.
 *
 * @param self The tensor to change.
 * @param other A tensor or number broadcastable to `self`.
 * @param options `alpha`.
 * @returns `self`.
 */
export function add_<T extends Tensor>(self: T, other: Operand, options?: { alpha?: number }): T {
  const alpha = options?.alpha ?? 1;
  if (alpha !== 1) {
    return binaryInplace(self, other, "add_", ADD, (a, b) => add(a, b, { alpha }), alpha) as T;
  }
  return binaryInplace(self, other, "add_", ADD, (a, b) => add(a, b)) as T;
}

/**
 * `self -= alpha * other` in place. PyTorch: `Tensor.sub_(other, alpha=1)`.
 *
 * @param self The tensor to change.
 * @param other A tensor or number broadcastable to `self`.
 * @param options `alpha`.
 * @returns `self`.
 */
export function sub_<T extends Tensor>(self: T, other: Operand, options?: { alpha?: number }): T {
  const alpha = options?.alpha ?? 1;
  if (alpha !== 1) {
    return binaryInplace(self, other, "sub_", SUB, (a, b) => sub(a, b, { alpha }), alpha) as T;
  }
  return binaryInplace(self, other, "sub_", SUB, (a, b) => sub(a, b)) as T;
}

/**
 * `self *= other` in place. PyTorch: `Tensor.mul_(other)`.
 *
 * @param self The tensor to change.
 * @param other A tensor or number broadcastable to `self`.
 * @returns `self`.
 */
export function mul_<T extends Tensor>(self: T, other: Operand): T {
  return binaryInplace(self, other, "mul_", MUL, mul) as T;
}

/**
 * `self /= other` in place. PyTorch: `Tensor.div_(other)`.
 *
 * @param self The tensor to change.
 * @param other A tensor or number broadcastable to `self`.
 * @returns `self`.
 */
export function div_<T extends Tensor>(self: T, other: Operand): T {
  return binaryInplace(self, other, "div_", DIV, div) as T;
}

/**
 * Sets every element to `value`. PyTorch: `Tensor.fill_(value)` (`FillBackward2`, the index of
 * `fill_.Scalar` in derivatives.yaml; `zero_` is `ZeroBackward0`, when recorded).
 *
 * @param self The tensor to change.
 * @param value The value.
 * @param op `"zero_"` when called as `Tensor.zero_()` (names the node ZeroBackward0).
 * @returns `self`.
 */
export function fill_<T extends Tensor>(
  self: T,
  value: number,
  op: "fill_" | "zero_" = "fill_",
): T {
  if (typeof value !== "number") {
    throw new TypeError(`fill_(): value must be a number, got ${typeof value}`);
  }
  const records = prepare(self, null, op);
  if (self._dense) self._data.fill(value);
  else {
    const filled = new Tensor(allocate(self.dtype, self._numel).fill(value), self.shape);
    scatter(filled._data, self._data, self._offset, self.shape, self._strides);
  }
  self._vc.version++;
  if (records) {
    const node = record(op === "zero_" ? "ZeroBackward0" : "FillBackward2", self, [snapshot(self)]);
    node.backwardFn = (g) => [g.mul(0)];
  }
  return self;
}

/**
 * Copies `src`, broadcast to `self`'s shape and cast to its dtype, into `self`.
 * PyTorch: `Tensor.copy_(src)` (`CopyBackwards` when recorded).
 *
 * @param self The tensor to change.
 * @param src A tensor or number broadcastable to `self`.
 * @returns `self`.
 */
export function copy_<T extends Tensor>(self: T, src: Operand): T {
  const records = prepare(self, src, "copy_");
  const prev = records ? snapshot(self) : null;
  if (typeof src === "number") {
    fill_(self, src);
    return self;
  }
  const values = src.expand(self.shape).contiguous();
  writeInto(self, values);
  if (records) {
    const node = record("CopyBackwards", self, [prev, src]);
    const srcShape = src.shape;
    node.backwardFn = (
      g,
    ) => [node.needs(0) ? g.mul(0) : null, node.needs(1) ? sumTo(g, srcShape) : null];
  }
  return self;
}

/** @internal `self += other` for gradient accumulation (same shape; unrecorded, unchecked). */
export function accumulate_(self: Tensor, other: Tensor): void {
  if (self._dense && other._dense) {
    const d = self._data;
    const o = other._data;
    for (let i = 0; i < d.length; i++) d[i] += o[i];
    self._vc.version++;
  } else writeInto(self, add(self, other));
}
