/**
 * Python's `repr` of the values that appear in modules' printed forms (`extra_repr`): floats,
 * booleans, tuples and strings, so `String(module)` equals PyTorch's `print(module)`.
 *
 * @module
 */

/**
 * A number as Python prints a float: the shortest digits that round-trip, in positional
 * notation for exponents -4 to 15 and in scientific notation (two-digit exponent at least)
 * otherwise, and `.0` on integral values (`0.1`, `1e-05`, `1.0`, `1e+16`, `nan`, `inf`).
 *
 * @param x The number.
 * @returns Python's `repr(float(x))`.
 */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, e] = x.toExponential().split("e");
  const exp = Number(e);
  if (exp < -4 || exp >= 16) {
    return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = x < 0 ? "-" : "";
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const whole = digits.padEnd(exp + 1, "0");
  const frac = digits.slice(exp + 1);
  return `${sign}${whole.slice(0, exp + 1)}.${frac || "0"}`;
}

/**
 * A number as Python prints it when PyTorch keeps it as given: an integer as `3`, anything else
 * as a float (see {@linkcode pyFloat}).
 *
 * @param x The number.
 * @returns E.g. `3` or `0.5`.
 */
export function pyNumber(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? String(x) : pyFloat(x);
}

/**
 * A boolean as Python prints it.
 *
 * @param b The boolean.
 * @returns `True` or `False`.
 */
export function pyBool(b: boolean): string {
  return b ? "True" : "False";
}

/**
 * A list of integers as a Python tuple: `(5, 5)`, `(5,)`, `()`.
 *
 * @param xs The integers.
 * @returns The tuple's repr.
 */
export function pyTuple(xs: readonly number[]): string {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`;
}

/**
 * A value as PyTorch's `extra_repr` formats an int-or-tuple argument: a number as itself, a
 * list as a tuple.
 *
 * @param v The value.
 * @returns E.g. `2` or `(2, 3)`.
 */
export function pyIntOrTuple(v: number | readonly number[]): string {
  return typeof v === "number" ? String(v) : pyTuple(v);
}
