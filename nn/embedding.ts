/**
 * `embedding`/`Embedding`: rows of a weight matrix looked up by index, one graph node
 * (`EmbeddingBackward0`) whose backward adds each output row's gradient into its weight row.
 *
 * @module
 */

import { isGradEnabled } from "@descent/autograd";
import { type DType, empty, Tensor } from "@descent/tensor";
import { allocate, fromValues, record, tracks, valuesOf } from "@descent/tensor/extend";
import { Module } from "./module.ts";
import { Parameter } from "./parameter.ts";
import { normal_ } from "./init.ts";

/** The indices of `input` as integers, checked against `rows`. */
function indicesOf(input: Tensor, rows: number): ArrayLike<number> {
  if (!(input instanceof Tensor)) throw new TypeError("embedding(): indices must be a Tensor");
  const v = valuesOf(input);
  if (input.dtype !== "int64" && input.dtype !== "int32") {
    throw new TypeError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${input.type()} instead (while checking arguments for embedding)`,
    );
  }
  for (let i = 0; i < v.length; i++) {
    if (!(v[i] >= 0 && v[i] < rows)) throw new RangeError("index out of range in self");
  }
  return v;
}

/**
 * The one-hot matrix `[indices, rows]` of `idx`, with the `paddingIdx` entries left out: the
 * backward as a matrix product, differentiable again.
 */
function oneHot(idx: ArrayLike<number>, rows: number, paddingIdx: number, dtype: DType): Tensor {
  const m = allocate(dtype, idx.length * rows);
  for (let i = 0; i < idx.length; i++) if (idx[i] !== paddingIdx) m[i * rows + idx[i]] = 1;
  return fromValues(m, [idx.length, rows], dtype);
}

/**
 * Looks up rows of `weight`: `out[…] = weight[input[…]]`. The gradient of row `paddingIdx`
 * stays zero. PyTorch: `torch.nn.functional.embedding(input, weight, padding_idx=None)` →
 * `EmbeddingBackward0`.
 *
 * @param input Indices (int64 or int32), any shape.
 * @param weight `[numEmbeddings, embeddingDim]`.
 * @param paddingIdx A row whose gradient is not accumulated (negative counts from the end).
 * @returns `[...input.shape, embeddingDim]`.
 * @throws {RangeError} `index out of range in self` for an index outside the rows.
 * @throws {TypeError} For indices of a floating dtype (PyTorch's text).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { embedding } from "@descent/nn";
 * import { floatTensor, tensor } from "@descent/tensor";
 * const w = floatTensor([[0, 0], [1, 2], [3, 4]]).requiresGrad_();
 * const y = embedding(tensor([2, 1, 2]), w);
 * assert.deepEqual(y.toList(), [[3, 4], [1, 2], [3, 4]]);
 * y.sum().backward();
 * assert.deepEqual(w.grad!.toList(), [[0, 0], [1, 1], [2, 2]]);
 * ```
 */
export function embedding(input: Tensor, weight: Tensor, paddingIdx: number | null = null): Tensor {
  if (weight.ndim !== 2) throw new RangeError("'weight' must be 2-D");
  const [rows, dim] = weight.shape;
  const pad = paddingIdx === null ? -1 : paddingIdx < 0 ? paddingIdx + rows : paddingIdx;
  const idx = indicesOf(input, rows);
  const wv = valuesOf(weight);
  const out = allocate(weight.dtype, idx.length * dim);
  for (let i = 0; i < idx.length; i++) {
    out.set(wv.subarray(idx[i] * dim, (idx[i] + 1) * dim), i * dim);
  }
  const result = fromValues(out, [...input.shape, dim], weight.dtype);
  if (tracks(weight)) {
    const node = record("EmbeddingBackward0", result, [weight]);
    const n = idx.length;
    const at = Array.from(idx);
    node.setBackward((g) => {
      if (isGradEnabled()) {
        // createGraph: the sum as a product with the one-hot matrix, differentiable in g.
        return [oneHot(at, rows, pad, g.dtype).t().matmul(g.reshape([n, dim]))];
      }
      const gv = valuesOf(g);
      const grad = allocate(g.dtype, rows * dim);
      for (let i = 0; i < n; i++) {
        if (at[i] === pad) continue;
        const o = at[i] * dim;
        for (let j = 0; j < dim; j++) grad[o + j] += gv[i * dim + j];
      }
      return [fromValues(grad, [rows, dim], g.dtype)];
    });
  }
  return result;
}

/** Options of {@linkcode Embedding}. */
export interface EmbeddingOptions {
  /** A row that is zero at first and gets no gradient (e.g. for padding tokens). */
  paddingIdx?: number | null;
  /** The weight's dtype (default `float32`). */
  dtype?: DType;
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`, initialised N(0, 1) from
 * the generator (the `paddingIdx` row zeroed), as PyTorch does. PyTorch:
 * `torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx=None, dtype=None)` (no
 * `max_norm`, `scale_grad_by_freq` or `sparse`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Embedding } from "@descent/nn";
 * import { manualSeed, tensor } from "@descent/tensor";
 * manualSeed(0);
 * const emb = new Embedding(10, 3, { paddingIdx: 0 });
 * assert.equal(String(emb), "Embedding(10, 3, padding_idx=0)");
 * assert.deepEqual(emb.weight.detach().narrow(0, 0, 1).toList(), [[0, 0, 0]]);
 * assert.deepEqual(emb.forward(tensor([[1, 2], [0, 9]])).shape, [2, 2, 3]);
 * ```
 */
export class Embedding extends Module<[Tensor], Tensor> {
  /** The number of vectors. PyTorch: `num_embeddings`. */
  readonly numEmbeddings: number;
  /** The size of each vector. PyTorch: `embedding_dim`. */
  readonly embeddingDim: number;
  /** The padding row (non-negative), or `null`. PyTorch: `padding_idx`. */
  readonly paddingIdx: number | null;
  /** `[numEmbeddings, embeddingDim]`. */
  weight: Parameter;

  /**
   * Builds the module.
   *
   * @param numEmbeddings The number of vectors.
   * @param embeddingDim The size of each vector.
   * @param options `paddingIdx` (negative counts from the end), `dtype`.
   * @throws {RangeError} `Padding_idx must be within num_embeddings`.
   */
  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    let pad = options.paddingIdx ?? null;
    if (pad !== null) {
      if (pad >= numEmbeddings || pad < -numEmbeddings) {
        throw new RangeError("Padding_idx must be within num_embeddings");
      }
      if (pad < 0) pad += numEmbeddings;
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = pad;
    this.weight = new Parameter(
      empty([numEmbeddings, embeddingDim], { dtype: options.dtype ?? "float32" }),
    );
    this.resetParameters();
  }

  /** Draws N(0, 1) again and zeroes the padding row. PyTorch: `reset_parameters()`. */
  resetParameters(): void {
    normal_(this.weight);
    // weight[padding_idx].fill_(0), outside autograd
    if (this.paddingIdx !== null) this.weight.narrow(0, this.paddingIdx, 1).detach().zero_();
  }

  /**
   * Applies the module.
   *
   * @param input Indices, any shape.
   * @returns `[...input.shape, embeddingDim]`.
   */
  override forward(input: Tensor): Tensor {
    return embedding(input, this.weight, this.paddingIdx);
  }

  /**
   * The arguments in the printed form. PyTorch: `extra_repr()`.
   *
   * @returns `10, 3, padding_idx=0`.
   */
  override extraRepr(): string {
    const pad = this.paddingIdx === null ? "" : `, padding_idx=${this.paddingIdx}`;
    return `${this.numEmbeddings}, ${this.embeddingDim}${pad}`;
  }
}
