/**
 * `einsum`, PyTorch's algorithm step for step (aten/src/ATen/native/Linear.cpp): parse the
 * equation, take diagonals for repeated labels, align every operand to one dim order
 * (`permute`/`unsqueeze`), then contract operands left to right, each pair through one batched
 * matrix product (`bmm`, the matmul kernel) between permuted and reshaped operands, summing
 * dims that only one side still has first. Everything is a Tensor op, so derivatives of any
 * order come from those ops, and node names are PyTorch's.
 *
 * @module
 */

import type { Tensor } from "../tensor.ts";
import { checkTensor } from "./record.ts";
import { bmm } from "./linalg.ts";

const LETTERS = 26;
const TOTAL = 2 * LETTERS;
const ELLIPSIS = TOTAL;

/** `A`–`Z` → 0–25, `a`–`z` → 26–51 (PyTorch's order, which orders an implicit output). */
function subscript(c: string): number {
  const code = c.charCodeAt(0);
  return code <= 90 ? code - 65 : code - 97 + LETTERS;
}

function label(s: number): string {
  return String.fromCharCode(s < LETTERS ? s + 65 : s - LETTERS + 97);
}

function isLetter(c: string): boolean {
  return /^[A-Za-z]$/.test(c);
}

/**
 * Einstein summation: multiplies the operands' elements as the equation's subscripts align
 * them and sums over the subscripts missing from the output. `"ij,jk->ik"` is a matrix product,
 * `"ii"` a trace, `"ii->i"` a diagonal, `"bij,bjk->bik"` a batched product, `"i,j->ij"` an outer
 * product; `...` stands for broadcast dims; without `->` the output is `...` then the
 * subscripts used once, in alphabetical order (upper case first). PyTorch:
 * `torch.einsum(equation, *operands)` (contracted left to right, as PyTorch does without
 * opt_einsum), whose products run as `bmm`.
 *
 * @param equation Subscripts per operand (letters, `...`), comma-separated, optionally `->`
 *   and the output's subscripts.
 * @param operands The tensors, as arguments or as one list.
 * @returns The result.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { einsum, tensor } from "@descent/tensor";
 * const a = tensor([[1, 2], [3, 4]]);
 * const b = tensor([[5, 6], [7, 8]]);
 * assert.deepEqual(einsum("ij,jk->ik", a, b).toList(), [[19, 22], [43, 50]]);
 * assert.equal(einsum("ii", a).item(), 5);
 * assert.deepEqual(einsum("ij->j", [a]).toList(), [4, 6]);
 * assert.deepEqual(einsum("...j,j", a, tensor([1, -1])).toList(), [-1, -1]);
 * ```
 */
export function einsum(equation: string, ...operands: (Tensor | readonly Tensor[])[]): Tensor {
  if (typeof equation !== "string") {
    throw new TypeError(`einsum(): argument 'equation' must be str, not ${typeof equation}`);
  }
  const ops =
    (operands.length === 1 && Array.isArray(operands[0])
      ? operands[0]
      : operands) as readonly Tensor[];
  ops.forEach((t) => checkTensor(t, "einsum"));
  if (ops.length === 0) {
    throw new TypeError(
      "einsum(): must specify the equation string and at least one operand, or at least one operand and its subscripts list",
    );
  }
  const numOps = ops.length;

  // 1. Parse the operands' subscripts.
  const arrow = equation.indexOf("->");
  const lhs = arrow < 0 ? equation : equation.slice(0, arrow);
  const opLabels: number[][] = Array.from({ length: numOps }, () => []);
  let ellInInput = false;
  let cur = 0;
  for (let i = 0; i < lhs.length; i++) {
    const c = lhs[i];
    if (c === " ") continue;
    if (c === ".") {
      if (ellInInput) {
        throw new RangeError(
          `einsum(): found '.' for operand ${cur} for which an ellipsis was already found`,
        );
      }
      if (!(i + 2 < lhs.length && lhs[++i] === "." && lhs[++i] === ".")) {
        throw new RangeError(
          `einsum(): found '.' for operand ${cur} that is not part of any ellipsis`,
        );
      }
      opLabels[cur].push(ELLIPSIS);
      ellInInput = true;
    } else if (c === ",") {
      cur++;
      if (cur >= numOps) {
        throw new RangeError(
          "einsum(): fewer operands were provided than specified in the equation",
        );
      }
      ellInInput = false;
    } else {
      if (!isLetter(c)) {
        throw new RangeError(
          `einsum(): invalid subscript given at index ${i} in the equation string, subscripts must be in [a-zA-Z]`,
        );
      }
      opLabels[cur].push(subscript(c));
    }
  }
  if (cur !== numOps - 1) {
    throw new RangeError("einsum(): more operands were provided than specified in the equation");
  }

  // Label counts and the number of dims the ellipsis covers.
  const labelCount = new Array<number>(TOTAL).fill(0);
  let ellNumDim = 0;
  ops.forEach((op, i) => {
    let nlabels = opLabels[i].length;
    let hasEllipsis = false;
    for (const s of opLabels[i]) {
      if (s === ELLIPSIS) {
        nlabels--;
        hasEllipsis = true;
        ellNumDim = Math.max(ellNumDim, op.ndim - nlabels);
      } else labelCount[s]++;
    }
    if (hasEllipsis ? nlabels > op.ndim : nlabels !== op.ndim) {
      throw new RangeError(
        `einsum(): the number of subscripts in the equation (${nlabels}) ${
          hasEllipsis ? "is more than" : "does not match"
        } the number of dimensions (${op.ndim}) for operand ${i}${
          hasEllipsis ? "" : " and no ellipsis was given"
        }`,
      );
    }
  });

  // 2. Where each label goes: output dims first, then the ones to contract.
  const permIndexOf = new Array<number>(TOTAL).fill(-1);
  let permIndex = 0;
  let ellIndex = 0;
  let ellInOutput = false;
  if (arrow < 0) {
    permIndex = ellNumDim;
    ellInOutput = true;
    for (let s = 0; s < TOTAL; s++) if (labelCount[s] === 1) permIndexOf[s] = permIndex++;
  } else {
    const rhs = equation.slice(arrow + 2);
    for (let i = 0; i < rhs.length; i++) {
      const c = rhs[i];
      if (c === " ") continue;
      if (c === ".") {
        if (ellInOutput) {
          throw new RangeError(
            "einsum(): found '.' for output but an ellipsis (...) was already found",
          );
        }
        if (!(i + 2 < rhs.length && rhs[++i] === "." && rhs[++i] === ".")) {
          throw new RangeError(
            "einsum(): found '.' for output that is not part of any ellipsis (...)",
          );
        }
        ellIndex = permIndex;
        permIndex += ellNumDim;
        ellInOutput = true;
        continue;
      }
      if (!isLetter(c)) {
        throw new RangeError(
          `einsum(): invalid subscript given at index ${
            lhs.length + 2 + i
          } in the equation string, subscripts must be in [a-zA-Z]`,
        );
      }
      const s = subscript(c);
      if (!(labelCount[s] > 0 && permIndexOf[s] === -1)) {
        throw new RangeError(
          `einsum(): output subscript ${c}${
            permIndexOf[s] > -1
              ? " appears more than once in the output"
              : " does not appear in the equation for any input operand"
          }`,
        );
      }
      permIndexOf[s] = permIndex++;
    }
  }
  const outNumDim = permIndex;
  if (!ellInOutput) {
    ellIndex = permIndex;
    permIndex += ellNumDim;
  }
  for (let s = 0; s < TOTAL; s++) {
    if (labelCount[s] > 0 && permIndexOf[s] === -1) permIndexOf[s] = permIndex++;
  }

  // 3. Check sizes, take diagonals of repeated labels, align every operand to the order above.
  const labelSize = new Array<number>(TOTAL).fill(1);
  const ellSizes = new Array<number>(ellNumDim).fill(1);
  const dimCounts = new Array<number>(permIndex).fill(0);
  const aligned: Tensor[] = [];
  ops.forEach((operand, i) => {
    let op = operand;
    const permutation = new Array<number>(permIndex).fill(-1);
    let dim = 0;
    for (const s of opLabels[i]) {
      if (s === ELLIPSIS) {
        const ndim = operand.ndim - (opLabels[i].length - 1);
        for (let j = ellNumDim - ndim; j < ellNumDim; j++) {
          if (op.shape[dim] !== 1) {
            if (!(ellSizes[j] === 1 || ellSizes[j] === op.shape[dim])) {
              throw new RangeError(
                `einsum(): dimension ${dim} covered by ellipsis in operand ${i}has size ${
                  op.shape[dim]
                } which does not broadcast with previously seen ellipsis with size ${
                  ellSizes[j]
                } for the respective dimension`,
              );
            }
            ellSizes[j] = op.shape[dim];
            dimCounts[ellIndex + j]++;
          }
          permutation[ellIndex + j] = dim++;
        }
      } else if (permutation[permIndexOf[s]] === -1) {
        if (op.shape[dim] !== 1) {
          if (!(labelSize[s] === 1 || labelSize[s] === op.shape[dim])) {
            throw new RangeError(
              `einsum(): subscript ${label(s)} has size ${
                op.shape[dim]
              } for operand ${i} which does not broadcast with previously seen size ${
                labelSize[s]
              }`,
            );
          }
          labelSize[s] = op.shape[dim];
          dimCounts[permIndexOf[s]]++;
        }
        permutation[permIndexOf[s]] = dim++;
      } else {
        const prev = permutation[permIndexOf[s]];
        if (op.shape[dim] !== op.shape[prev]) {
          throw new RangeError(
            `einsum(): subscript ${
              label(s)
            } is repeated for operand ${i} but the sizes don't match, ${op.shape[dim]} != ${
              op.shape[prev]
            }`,
          );
        }
        op = op.diagonal(0, prev, dim).movedim(-1, prev);
      }
    }
    for (let k = 0; k < permutation.length; k++) {
      if (permutation[k] === -1) {
        op = op.unsqueeze(dim);
        permutation[k] = dim++;
      }
    }
    aligned.push(op.permute(permutation));
  });

  // 4. Contract left to right.
  while (aligned.length > 1) {
    let a = aligned.shift()!;
    let b = aligned.shift()!;
    const sumDims: number[] = [];
    const aSum: number[] = [];
    const bSum: number[] = [];
    for (let dim = outNumDim; dim < permIndex; dim++) {
      if (a.shape[dim] !== 1 && b.shape[dim] !== 1) {
        if (--dimCounts[dim] === 1) {
          sumDims.push(dim);
          dimCounts[dim] = 0;
        }
      } else if (dimCounts[dim] === 1) {
        if (a.shape[dim] !== 1) {
          aSum.push(dim);
          dimCounts[dim] = 0;
        } else if (b.shape[dim] !== 1) {
          bSum.push(dim);
          dimCounts[dim] = 0;
        }
      }
    }
    if (aSum.length > 0) a = a.sum(aSum, true);
    if (bSum.length > 0) b = b.sum(bSum, true);
    aligned.unshift(sumProductPair(a, b, sumDims));
  }

  // 5. Sum out (or, after contractions, drop) the contracted dims.
  const result = aligned[0];
  if (permIndex - outNumDim > 0) {
    if (numOps > 1) return result.view(result.shape.slice(0, outNumDim));
    const dims = Array.from({ length: permIndex - outNumDim }, (_, k) => outNumDim + k);
    return result.sum(dims);
  }
  return result;
}

/**
 * `(left * right).sum(sumDims, keepdim=true)` through one `bmm`: PyTorch's `sumproduct_pair`.
 * Both operands have the same number of dims (broadcast where a size is 1).
 */
function sumProductPair(left: Tensor, right: Tensor, sumDims: readonly number[]): Tensor {
  if (sumDims.length === 0) return left.mul(right);
  const nd = left.ndim;
  const summed = new Array<boolean>(nd).fill(false);
  for (const d of sumDims) summed[d] = true;
  const lro: number[] = [];
  const lo: number[] = [];
  const ro: number[] = [];
  let lroSize = 1;
  let loSize = 1;
  let roSize = 1;
  let sumSize = 1;
  let l = left;
  let r = right;
  for (let i = 0; i < nd; i++) {
    const sl = l.shape[i] !== 1;
    const sr = r.shape[i] !== 1;
    if (summed[i]) {
      if (sl && sr) {
        if (l.shape[i] !== r.shape[i]) throw new RangeError("non-broadcast dimensions must match");
        sumSize *= l.shape[i];
      } else if (sl) l = l.sum(i, true);
      else if (sr) r = r.sum(i, true);
    } else if (sl && sr) {
      if (l.shape[i] !== r.shape[i]) throw new RangeError("non-broadcast dimensions must match");
      lro.push(i);
      lroSize *= l.shape[i];
    } else if (sl) {
      lo.push(i);
      loSize *= l.shape[i];
    } else {
      ro.push(i);
      roSize *= r.shape[i];
    }
  }
  const outSize = [
    ...lro.map((d) => l.shape[d]),
    ...lo.map((d) => l.shape[d]),
    ...sumDims.map(() => 1),
    ...ro.map((d) => r.shape[d]),
  ];
  const lperm = [...lro, ...lo, ...sumDims, ...ro];
  const rperm = [...lro, ...sumDims, ...ro, ...lo];
  const operm = new Array<number>(outSize.length).fill(-1);
  lperm.forEach((d, i) => (operm[d] = i));
  const result = bmm(
    l.permute(lperm).reshape(lroSize, loSize, sumSize),
    r.permute(rperm).reshape(lroSize, sumSize, roSize),
  );
  return result.view(outSize).permute(operm);
}
