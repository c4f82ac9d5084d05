/**
 * PyTorch-identical tensor printing: a port of the default behaviour of
 * `torch/_tensor_str.py` (precision 4, threshold 1000, edgeitems 3,
 * linewidth 80, sci_mode None) for CPU tensors of every dtype.
 *
 * @module
 */

import { formatShape } from "@descent/autograd";
import type { DType } from "./dtype.ts";

/** Input of the printer: the values (row-major, or where `strides` say) and metadata. */
export interface FormatInput {
  /**
   * The values, already float32-rounded for float32 tensors: `numel` of them in row-major order,
   * or, with `strides`, a storage the elements are read from.
   */
  data: ArrayLike<number>;
  /** The tensor's shape; `[]` for a 0-d tensor. */
  shape: readonly number[];
  /**
   * Where element `[i, j, …]` is: `data[offset + i * strides[0] + j * strides[1] + …]` (default:
   * row-major). Only the elements printed are read, so a broadcast view (stride 0) of any size
   * prints without being materialised.
   */
  strides?: readonly number[];
  /** Position in `data` of the first element (default 0). */
  offset?: number;
  /**
   * The dtype. It is printed (`dtype=torch.int32`) unless it is float32, int64 or bool; an empty
   * tensor prints it unless it is float32 (there are no elements to tell int64 by).
   */
  dtype: DType;
  /** Name of the grad_fn node, e.g. `"MulBackward0"`, printed as `grad_fn=<MulBackward0>`. */
  gradFnName: string | null;
  /** Printed as `requires_grad=True` when `gradFnName` is null. */
  requiresGrad: boolean;
}

const PRECISION = 4;
const THRESHOLD = 1000;
const EDGEITEMS = 3;
const LINEWIDTH = 80;
const PREFIX = "tensor(";

/**
 * How `_Formatter` prints every element of one tensor: `int` (a float tensor whose nonzero
 * finite values are all integral) is `{:.0f}.`, `fixed` is `{:.4f}`, `sci` is `{:.4e}`; an
 * integer tensor's elements print as integers (`integer`), a bool tensor's as `True`/`False`.
 */
type Mode = "int" | "fixed" | "sci" | "integer" | "bool";

interface Formatter {
  mode: Mode;
  width: number;
}

/**
 * Python's `"{:.Nf}".format(x)` / `"{:.Ne}".format(x)` (and `"%.Nf"`/`"%.Ne"`) for a double:
 * correctly rounded on the exact binary value, ties to even, exponent with at least two digits.
 *
 * @param x The number.
 * @param digits Digits after the decimal point.
 * @param sci `true` for `e` notation, `false` for fixed.
 * @returns The formatted number, e.g. `pyFormat(4.117e-2, 4, true) === "4.1170e-02"`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyFormat } from "@descent/tensor";
 * assert(pyFormat(0.041171, 4, true) === "4.1171e-02");
 * assert(pyFormat(2.5, 0, false) === "2");
 * ```
 */
export function pyFormat(x: number, digits: number, sci: boolean): string {
  if (x !== x) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) {
    const sign = Object.is(x, -0) ? "-" : "";
    const zeros = digits > 0 ? "0." + "0".repeat(digits) : "0";
    return sign + zeros + (sci ? "e+00" : "");
  }
  if (!sci && Math.abs(x) >= 1e21) {
    // toFixed switches to exponential here; such a double is an integer.
    return BigInt(x).toString() + (digits > 0 ? "." + "0".repeat(digits) : "");
  }
  // JS rounds correctly except that exact ties go away from zero.
  let s = sci ? x.toExponential(digits) : x.toFixed(digits);
  let exp = 0;
  let mantissa = s;
  if (sci) {
    const e = s.indexOf("e");
    mantissa = s.slice(0, e);
    exp = Number(s.slice(e + 1));
  }
  const last = mantissa.charCodeAt(mantissa.length - 1) - 48;
  if (last % 2 === 1) {
    // The lower candidate is the same string with the last digit one less;
    // on an exact tie Python picks it, since its last digit is even.
    const lower = mantissa.slice(0, -1) + String(last - 1);
    const midDigits = lower.replace(/[-.]/g, "") + "5";
    // Value of the midpoint: midDigits * 10^midExp.
    const midExp = sci ? exp - digits - 1 : -digits - 1;
    // Parsing the midpoint gives |x| back whenever they are equal: a cheap filter.
    const a = Math.abs(x);
    if (Number(midDigits + "e" + midExp) === a && isExactly(a, BigInt(midDigits), midExp)) {
      mantissa = lower;
    }
  }
  if (!sci) return mantissa;
  const a = Math.abs(exp);
  s = mantissa + (exp < 0 ? "e-" : "e+") + (a < 10 ? "0" : "") + String(a);
  return s;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** Whether the positive finite double `x` equals `d * 10^e` exactly. */
function isExactly(x: number, d: bigint, e: number): boolean {
  f64[0] = x;
  const bits = u64[0];
  const biased = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  // x = m * 2^k
  const m = biased === 0 ? frac : frac | 0x10000000000000n;
  const k = (biased === 0 ? 1 : biased) - 1075;
  let lhs = m;
  let rhs = d;
  if (k >= 0) lhs <<= BigInt(k);
  else rhs <<= BigInt(-k);
  if (e >= 0) rhs *= 10n ** BigInt(e);
  else lhs *= 10n ** BigInt(-e);
  return lhs === rhs;
}

/** `_Formatter.__init__`, over the values the printer will show. */
function makeFormatter(values: ArrayLike<number>, dtype: DType): Formatter {
  if (dtype !== "float32" && dtype !== "float64") {
    // not floating_dtype: the width of the widest `f"{value}"`
    const f: Formatter = { mode: dtype === "bool" ? "bool" : "integer", width: 1 };
    for (let i = 0; i < values.length; i++) {
      f.width = Math.max(f.width, formatValue(f, values[i]).length);
    }
    return f;
  }
  let min = Infinity;
  let max = 0;
  let intMode = true;
  let any = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === 0 || !Number.isFinite(v)) continue;
    any = true;
    const a = Math.abs(v);
    if (a < min) min = a;
    if (a > max) max = a;
    if (intMode && v !== Math.ceil(v)) intMode = false;
  }
  if (!any) return { mode: "int", width: 1 };
  let mode: Mode;
  if (intMode) {
    mode = max / min > 1000 || max > 1e8 ? "sci" : "int";
  } else {
    mode = max / min > 1000 || max > 1e8 || min < 1e-4 ? "sci" : "fixed";
  }
  const f: Formatter = { mode, width: 1 };
  let width = 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === 0 || !Number.isFinite(v)) continue;
    const len = formatValue(f, v).length;
    if (len > width) width = len;
  }
  f.width = width;
  return f;
}

/** `_Formatter.format` without the padding. */
function formatValue(f: Formatter, v: number): string {
  switch (f.mode) {
    case "sci":
      return pyFormat(v, PRECISION, true);
    case "fixed":
      return pyFormat(v, PRECISION, false);
    case "int": {
      const s = pyFormat(v, 0, false);
      return Number.isFinite(v) ? s + "." : s;
    }
    case "integer":
      return v === 0 ? "0" : String(v); // no "-0"
    case "bool":
      return v !== 0 ? "True" : "False";
  }
}

/** `_Formatter.format`: right-aligned to the common width. */
function formatPadded(f: Formatter, v: number): string {
  const s = formatValue(f, v);
  return s.length < f.width ? " ".repeat(f.width - s.length) + s : s;
}

/** Row-major strides of `shape`. */
function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

/** Indices along a dim of the given size that the printer shows (-1 marks `...`). */
function shownIndices(size: number, summarize: boolean): number[] {
  if (!summarize || size <= 2 * EDGEITEMS) {
    const out = new Array<number>(size);
    for (let i = 0; i < size; i++) out[i] = i;
    return out;
  }
  const out: number[] = [];
  for (let i = 0; i < EDGEITEMS; i++) out.push(i);
  out.push(-1);
  for (let i = size - EDGEITEMS; i < size; i++) out.push(i);
  return out;
}

/**
 * The values the printer shows, in order: all of them, or when summarizing those of
 * `get_summarized_data` (PyTorch computes the formatter from these only).
 */
function shownValues(
  data: ArrayLike<number>,
  offset: number,
  shape: readonly number[],
  strides: readonly number[],
  summarize: boolean,
): number[] {
  const out: number[] = [];
  const walk = (at: number, d: number): void => {
    if (d === shape.length) {
      out.push(data[at]);
      return;
    }
    for (const i of shownIndices(shape[d], summarize)) {
      if (i >= 0) walk(at + i * strides[d], d + 1);
    }
  };
  walk(offset, 0);
  return out;
}

/** `_tensor_str_with_formatter` (with `_vector_str` for the last dim). */
function tensorStr(
  data: ArrayLike<number>,
  offset: number,
  shape: readonly number[],
  strides: readonly number[],
  summarize: boolean,
  f: Formatter,
): string {
  const rank = shape.length;
  const walk = (at: number, d: number, indent: number): string => {
    const idx = shownIndices(shape[d], summarize);
    if (d === rank - 1) {
      const stride = strides[d];
      const perLine = Math.max(1, Math.floor((LINEWIDTH - indent) / (f.width + 2)));
      const lines: string[] = [];
      let line: string[] = [];
      for (const i of idx) {
        line.push(i < 0 ? " ..." : formatPadded(f, data[at + i * stride]));
        if (line.length === perLine) {
          lines.push(line.join(", "));
          line = [];
        }
      }
      if (line.length > 0) lines.push(line.join(", "));
      return "[" + lines.join(",\n" + " ".repeat(indent + 1)) + "]";
    }
    const slices = idx.map((i): string =>
      i < 0 ? "..." : walk(at + i * strides[d], d + 1, indent + 1)
    );
    const sep = "," + "\n".repeat(rank - d - 1) + " ".repeat(indent + 1);
    return "[" + slices.join(sep) + "]";
  };
  return walk(offset, 0, PREFIX.length);
}

/** `_add_suffixes` with the default linewidth and `force_newline=false`. */
function addSuffixes(tensorStr: string, suffixes: readonly string[], indent: number): string {
  const parts = [tensorStr];
  // PyTorch's own arithmetic, which counts two more than the last line's length.
  let lastLineLen = tensorStr.length - tensorStr.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > LINEWIDTH) {
      parts.push(",\n" + " ".repeat(indent) + suffix);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(", " + suffix);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(")");
  return parts.join("");
}

/**
 * Prints a tensor exactly as PyTorch's `repr(t)` / `str(t)` does
 * (`torch._tensor_str._str`) with the default print options: precision 4,
 * threshold 1000, edgeitems 3, linewidth 80, automatic scientific mode.
 *
 * @param t The values (row-major, already rounded to the dtype) and metadata.
 * @returns The same string PyTorch prints, byte for byte.
 * @example
 * ```ts
 * import { formatTensor } from "./format.ts";
 *
 * const s = formatTensor({
 *   data: [2, 4, 6],
 *   shape: [3],
 *   dtype: "float64",
 *   gradFnName: "MulBackward0",
 *   requiresGrad: true,
 * });
 * if (s !== "tensor([2., 4., 6.], dtype=torch.float64, grad_fn=<MulBackward0>)") {
 *   throw new Error(s);
 * }
 * ```
 */
export function formatTensor(t: FormatInput): string {
  const { data, shape, dtype } = t;
  let numel = 1;
  for (const n of shape) numel *= n;
  const suffixes: string[] = [];
  let body: string;
  if (numel === 0) {
    if (shape.length !== 1) {
      suffixes.push("size=(" + shape.join(", ") + ")");
    }
    body = "[]";
  } else {
    const strides = t.strides ?? stridesOf(shape);
    const offset = t.offset ?? 0;
    const summarize = numel > THRESHOLD;
    const f = makeFormatter(shownValues(data, offset, shape, strides, summarize), dtype);
    body = shape.length === 0
      ? formatPadded(f, data[offset])
      : tensorStr(data, offset, shape, strides, summarize, f);
  }
  // has_default_dtype: float32, int64 and bool need no suffix, except on an empty tensor
  const shown = numel === 0 ? dtype !== "float32" : dtype !== "float32" && dtype !== "int64" &&
    dtype !== "bool";
  if (shown) suffixes.push("dtype=torch." + dtype);
  if (t.gradFnName !== null) suffixes.push("grad_fn=<" + t.gradFnName + ">");
  else if (t.requiresGrad) suffixes.push("requires_grad=True");
  return addSuffixes(PREFIX + body, suffixes, PREFIX.length);
}

/**
 * The elements of a 1-D or 2-D tensor as {@linkcode formatTensor} prints them, as rows of cells
 * (one row for 1-D), without padding: the same precision, fixed/scientific choice and summary,
 * with `...` in the cells PyTorch leaves out beyond 1000 elements. For tables, such as Jupyter's
 * rich display of a tensor. PyTorch: the elements of `torch._tensor_str._tensor_str`.
 *
 * @param t The values (row-major, or where `strides` say; already rounded to the dtype) and
 *   shape (1-D or 2-D).
 * @returns The rows of cells.
 * @throws {RangeError} When the shape is not 1-D or 2-D.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatGrid } from "./format.ts";
 * const data = [0.5, 2, 1e-5, 3];
 * const grid = formatGrid({ data, shape: [2, 2], dtype: "float32", gradFnName: null, requiresGrad: false });
 * assert.deepEqual(grid, [["5.0000e-01", "2.0000e+00"], ["1.0000e-05", "3.0000e+00"]]);
 * ```
 */
export function formatGrid(t: FormatInput): string[][] {
  const { data, shape } = t;
  if (shape.length !== 1 && shape.length !== 2) {
    throw new RangeError(`formatGrid expects a 1-D or 2-D tensor, got shape ${formatShape(shape)}`);
  }
  const strides = t.strides ?? stridesOf(shape);
  const offset = t.offset ?? 0;
  const summarize = shape.reduce((a, b) => a * b, 1) > THRESHOLD;
  const f = makeFormatter(shownValues(data, offset, shape, strides, summarize), t.dtype);
  const cols = shownIndices(shape[shape.length - 1], summarize);
  const colStride = strides[shape.length - 1];
  const rows = shape.length === 1 ? [0] : shownIndices(shape[0], summarize);
  return rows.map((r) =>
    cols.map((c) =>
      r < 0 || c < 0 ? "..." : formatValue(f, data[offset + r * strides[0] + c * colStride])
    )
  );
}
