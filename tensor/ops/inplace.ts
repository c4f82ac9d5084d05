/**
 * In-place ops: `add_`, `sub_`, `mul_`, `div_`, `fill_`/`zero_`, `copy_`. Each bumps the
 * version counter, refuses leaves that require grad (outside `noGrad`), and on a tensor that
 * is part of a graph records a node that rebases its history, as PyTorch does.
 *
 * @module
 */

import { isGradEnabled, noGrad, viewRebaseError } from "@descent/autograd";
import { allocate, copyOf, type DType, type Operand, Tensor } from "../tensor.ts";
import { broadcastShapes, formatShape, sameShape } from "../shape.ts";
import {
  ADD,
  binary,
  binaryScalar,
  type BinOp,
  DIV,
  EW_WASM_MIN,
  type FloatStorage,
  MUL,
  scatter,
  type Storage,
  SUB,
} from "../kernels/elementwise.ts";
import {
  castValue,
  isFloatingDType,
  isIntegerNumber,
  resultType,
  scalarTypeName,
} from "../dtype.ts";
import { OpNode } from "./record.ts";
import { rebaseHistory } from "./copy_slices.ts";
import {
  add,
  alphaTimes,
  checkedScalar,
  checkOperand,
  div,
  mul,
  scalarAs,
  sub,
} from "./elementwise.ts";
import { convert, numberOf } from "./exact.ts";
import { sumTo } from "./reduce.ts";

/**
 * Whether an in-place op on `self` with these operands must be recorded, after PyTorch's checks
 * of the tensor written (`check_inplace`): a leaf that requires grad may not be changed in place,
 * nor a view of one, nor a view whose way of being made forbids it (`viewRebaseError`). Only a
 * recorded op is checked, as in PyTorch.
 *
 * @param self The tensor changed in place.
 * @param others The other operands (numbers and `null` ignored).
 * @returns Whether to record.
 */
function checkInplace(self: Tensor, others: readonly unknown[]): boolean {
  if (!isGradEnabled()) return false;
  let records = self.requiresGrad;
  for (let i = 0; i < others.length && !records; i++) {
    const o = others[i];
    records = o instanceof Tensor && o.requiresGrad;
  }
  if (!records) return false;
  const base = self._base as Tensor | null;
  if (base !== null) {
    const message = viewRebaseError(self, false);
    if (message !== null) throw new Error(message);
    if (self.requiresGrad && base.isLeaf) {
      throw new Error(
        "a view of a leaf Variable that requires grad is being used in an in-place operation.",
      );
    }
  }
  if (self.requiresGrad && self.isLeaf) {
    throw new Error("a leaf Variable that requires grad is being used in an in-place operation.");
  }
  return true;
}

/**
 * @ignore A number given as a fill value (a Python scalar) read in `dtype`, with PyTorch's
 * overflow check (`c10::checked_convert`, as `fill_` and `masked_fill` call it; the check is
 * elementwise.ts's `checkedScalar`): NaN, ±∞ and values out of an integer dtype's range are
 * refused, as is a finite float beyond float32's; an integer may be negative for uint8 (it wraps),
 * down to -255. `float` says the value is a float (a float tensor's element) even when integral.
 *
 * @param x The value.
 * @param dtype The dtype written.
 * @param float Whether `x` is a float.
 * @returns `x` cast to `dtype`.
 */
export function checkedCast(x: number, dtype: DType, float = !isIntegerNumber(x)): number {
  return castValue(checkedScalar(x, dtype, float), dtype, float ? "float64" : "int64");
}

/** PyTorch's error for writing to a tensor some of whose elements share memory (an expand). */
export function checkWritable(self: Tensor): void {
  if (self._numel === 0) return; // no element to share (PyTorch: `has_internal_overlap`)
  for (let i = 0; i < self.ndim; i++) {
    if (self._strides[i] === 0 && self.shape[i] > 1) {
      throw new RangeError(
        "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.",
      );
    }
  }
}

/** PyTorch's error unless `shape` broadcasts to `self`'s shape (the output of an in-place op). */
export function checkOutputShape(self: Tensor, shape: readonly number[]): void {
  if (sameShape(shape, self.shape)) return;
  const b = broadcastShapes(self.shape, shape);
  if (!sameShape(b, self.shape)) {
    throw new RangeError(
      `output with shape ${formatShape(self.shape)} doesn't match the broadcast shape ${
        formatShape(b)
      }`,
    );
  }
}

/**
 * Validates an in-place op on `self` with `other`; returns whether it must be recorded.
 * `overlap` allows a `self` whose elements share memory (PyTorch's `fill_` with a number);
 * `differentiable: false` records nothing (and so checks no view rule).
 */
function prepare(
  self: Tensor,
  other: Operand | null,
  name: string,
  overlap = false,
  differentiable = true,
): boolean {
  if (!(self instanceof Tensor)) throw new TypeError(`${name}: expected a Tensor`);
  if (other !== null) checkOperand(other, name);
  const records = differentiable && checkInplace(self, [other]);
  if (!overlap) checkWritable(self); // before the shapes, as PyTorch's TensorIterator
  if (other instanceof Tensor) checkOutputShape(self, other.shape);
  return records;
}

/**
 * Writes `values` (same shape as `self`) into `self`'s storage, converted to its dtype, and bumps
 * its version.
 */
function writeInto(self: Tensor, values: Tensor): void {
  const v = convert(values, self.dtype)._values();
  if (self._dense) self._data.set(v as Float64Array);
  else scatter(v, self._data, self._offset, self.shape, self._strides);
  self._vc.version++;
}

/**
 * PyTorch's `canCast`: a floating result cannot go into an integer or bool tensor, nor an
 * integer one into a bool tensor.
 */
function checkCast(result: DType, self: DType): void {
  if (
    (isFloatingDType(result) && !isFloatingDType(self)) || (result !== "bool" && self === "bool")
  ) {
    throw new TypeError(
      `result type ${scalarTypeName(result)} can't be cast to the desired output type ${
        scalarTypeName(self)
      }`,
    );
  }
}

/**
 * A copy of `self`'s values that stands for `self` in the graph (same `grad_fn` edge): the
 * input of the recorded op, while `self` itself is overwritten.
 */
function snapshot(self: Tensor): Tensor {
  const data = self._dense ? copyOf(self._data, self.dtype) : self._values();
  const s = new Tensor(data, self.shape, self.dtype);
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
  const records = prepare(self, other, name);
  const common = resultType(self, other);
  checkCast(op === DIV && !isFloatingDType(common) ? "float32" : common, self.dtype);
  if (records) {
    const r = outOfPlace(snapshot(self), other);
    writeInto(self, r);
    rebaseHistory(self, r._gradFn!);
    return self;
  }
  // The fast paths see float storages only (the float kernels stay monomorphic).
  const fast = isFloatingDType(self.dtype) && (typeof other !== "object" ||
    (alpha === 1 && other._dense && sameShape(other.shape, self.shape) &&
      isFloatingDType(other.dtype) && other._data !== self._data));
  if (self._dense && fast) {
    const d = self._data as FloatStorage;
    if (typeof other !== "object") {
      // The number as the out-of-place op uses it (rounded to float32 first), so that `add_`
      // equals `add` bit for bit.
      const x = numberOf(other);
      const s = alpha === 1 ? scalarAs(self.dtype, x) : alphaTimes(self, alpha, x);
      binaryScalar(op, d, s, d, d.length, false);
    } else {
      const o = other._data as FloatStorage;
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
 * Sets every element to `value`, converted to the tensor's dtype (see `to`). PyTorch:
 * `Tensor.fill_(value)` (`FillBackward2`, the index of `fill_.Scalar` in derivatives.yaml;
 * `zero_` is `ZeroBackward0`, when recorded).
 *
 * @param self The tensor to change.
 * @param value A number or boolean (checked against an integer dtype's range), or a 0-d tensor
 *   (`FillBackward3`; its gradient is the sum of `self`'s).
 * @param op `"zero_"` when called as `Tensor.zero_()` (names the node ZeroBackward0).
 * @returns `self`.
 */
export function fill_<T extends Tensor>(
  self: T,
  value: number | boolean | Tensor,
  op: "fill_" | "zero_" = "fill_",
): T {
  if (value instanceof Tensor) return fillWith(self, value);
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new TypeError(`fill_(): value must be a number, got ${typeof value}`);
  }
  // writing one value where elements share memory is well defined: PyTorch allows it
  const records = prepare(self, null, op, true);
  const v = typeof value === "boolean"
    ? castValue(Number(value), self.dtype, "bool")
    : checkedCast(value, self.dtype);
  // the node's input is `self` as it was: made before the version changes (a view's node read
  // after it would be made again from the base's old history: Note [view + in-place])
  const node = records
    ? new OpNode(op === "zero_" ? "ZeroBackward0" : "FillBackward2", [snapshot(self)])
    : null;
  writeFill(self, v);
  if (node !== null) {
    node.setBackward((g) => [g.mul(0)]);
    rebaseHistory(self, node);
  }
  return self;
}

/** Writes `v` (in `self`'s dtype) into every element of `self` and bumps its version. */
function writeFill(self: Tensor, v: number): void {
  if (self._dense) self._data.fill(v);
  else {
    const filled = allocate(self.dtype, self._numel).fill(v);
    scatter(filled, self._data, self._offset, self.shape, self._strides);
  }
  self._vc.version++;
}

/**
 * `fill_` with a 0-d tensor: its value converted to `self`'s dtype (as a tensor is: no overflow
 * check), recorded as `FillBackward3` (the value's gradient is the sum of `self`'s).
 */
function fillWith<T extends Tensor>(self: T, value: Tensor): T {
  if (value.ndim !== 0) {
    throw new RangeError(
      `fill_ only supports 0-dimension value tensor but got tensor with ${value.ndim} dimensions.`,
    );
  }
  const records = prepare(self, value, "fill_");
  const v = convert(value, self.dtype)._values()[0];
  const node = records ? new OpNode("FillBackward3", [snapshot(self), value]) : null;
  writeFill(self, v);
  if (node !== null) {
    const dtype = value.dtype;
    node.setBackward((g) => [
      node.needs(0) ? g.mul(0) : null,
      node.needs(1) ? (g.dtype === dtype ? g.sum() : g.sum().to(dtype)) : null,
    ]);
    rebaseHistory(self, node);
  }
  return self;
}

/**
 * @ignore Writes values that `draw` puts into a fresh storage of `self`'s dtype (row-major)
 * into `self`: PyTorch's in-place samplers (`bernoulli_`, `random_`), recorded as `name` with a
 * zero gradient. `draw` must not throw: the caller checks its arguments first.
 */
export function sample_<T extends Tensor>(
  self: T,
  draw: (out: Storage) => void,
  op: string,
  name: string,
): T {
  const records = prepare(self, null, op);
  const node = records ? new OpNode(name, [snapshot(self)]) : null; // before the write, as in fill_
  const out = allocate(self.dtype, self._numel);
  draw(out);
  if (self._dense) self._data.set(out as Float64Array);
  else scatter(out, self._data, self._offset, self.shape, self._strides);
  self._vc.version++;
  if (node !== null) {
    node.setBackward((g) => [g.mul(0)]);
    rebaseHistory(self, node);
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
  // PyTorch records a copy into a float tensor only (`isDifferentiableType(self)`)
  const records = prepare(self, src, "copy_", false, isFloatingDType(self.dtype));
  const prev = records ? snapshot(self) : null;
  if (typeof src !== "object") {
    fill_(self, src);
    return self;
  }
  const values = src.expand(self.shape).contiguous();
  writeInto(self, values);
  if (records) {
    const node = new OpNode("CopyBackwards", [prev, src]);
    const srcShape = src.shape;
    node.setBackward((
      g,
    ) => [node.needs(0) ? g.mul(0) : null, node.needs(1) ? sumTo(g, srcShape) : null]);
    rebaseHistory(self, node);
  }
  return self;
}

/**
 * @ignore Runs an in-place op given as its out-of-place form: checks `self` (see
 * {@linkcode checkInplace}, {@linkcode checkWritable}), then, when the op is recorded, computes it
 * on a copy of `self`'s values that stands for `self` in the graph, writes the result into `self`
 * and records its node (on the base when `self` is a view: copy_slices.ts); otherwise writes
 * directly (`direct`, or the out-of-place result). The caller checks the arguments first, so
 * that an op that throws changes nothing.
 *
 * @param self The tensor changed.
 * @param others The other operands (for whether to record).
 * @param outOfPlace The op, out of place, on a tensor of `self`'s shape and dtype.
 * @param direct The op's unrecorded write into `self`'s storage, if it has one.
 * @returns `self`.
 */
export function inplace<T extends Tensor>(
  self: T,
  others: readonly unknown[],
  outOfPlace: (old: Tensor) => Tensor,
  direct?: () => void,
): T {
  const records = checkInplace(self, others);
  checkWritable(self);
  if (records) {
    const r = outOfPlace(snapshot(self));
    writeInto(self, r);
    rebaseHistory(self, r._gradFn!);
  } else if (direct !== undefined) {
    direct();
    self._vc.version++;
  } else writeInto(self, noGrad(() => outOfPlace(self)));
  return self;
}

/** @ignore `self += other` for gradient accumulation (same shape; unrecorded, unchecked). */
export function accumulate_(self: Tensor, other: Tensor): void {
  if (self._dense && other._dense) {
    const d = self._data as FloatStorage;
    const o = other._data as FloatStorage;
    const n = d.length;
    if (n >= EW_WASM_MIN) binary(ADD, [n], d, 0, [1], o, 0, [1], d); // SIMD, in chunks
    else for (let i = 0; i < n; i++) d[i] += o[i];
    self._vc.version++;
  } else writeInto(self, add(self, other));
}
