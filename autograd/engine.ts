/**
 * The backward engine: `backward()` and `grad()`. It counts, for every node reachable from the
 * roots, the edges that point into it, then runs ready nodes highest sequence number first,
 * summing the gradients that arrive on each input. Iterative throughout: no recursion.
 *
 * @module
 */

import { isGradEnabled, setGradEnabled } from "./grad_mode.ts";
import { AccumulateGrad, type Node } from "./node.ts";
import { sameShape, Variable } from "./variable.ts";
import { warnOnce } from "./warn.ts";

/** Options of {@linkcode backward}. PyTorch: `torch.autograd.backward`'s keyword arguments. */
export interface BackwardOptions {
  /** Keep saved values so the graph can be walked again (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order derivatives (default `false`). */
  createGraph?: boolean;
  /** Accumulate only into these values' `.grad`. */
  inputs?: readonly Variable[] | Variable;
}

/** Options of {@linkcode grad}. PyTorch: `torch.autograd.grad`'s keyword arguments. */
export interface GradOptions {
  /** The gradients of the outputs (required for non-scalar outputs). */
  gradOutputs?: readonly (Variable | null)[] | Variable | null;
  /** Keep saved values so the graph can be walked again (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order derivatives (default `false`). */
  createGraph?: boolean;
  /** Return `null` for inputs that the outputs do not depend on instead of throwing. */
  allowUnused?: boolean;
}

const CREATE_GRAPH_WARNING =
  "Using backward() with create_graph=True will create a reference cycle between the parameter and its gradient which can cause a memory leak. We recommend using autograd.grad when creating the graph to avoid this. If you have to use this function, make sure to reset the .grad fields of your parameters to None after use to break the cycle and avoid the leak.";

function sizeString(shape: readonly number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

function asList<T>(x: readonly T[] | T | null | undefined): T[] {
  if (x === null || x === undefined) return [];
  return Array.isArray(x) ? (x as T[]).slice() : [x as T];
}

/** Checks the roots and builds their seeds (PyTorch's `_make_grads`); changes nothing. */
function makeSeeds(roots: Variable[], grads: (Variable | null)[]): Variable[] {
  if (grads.length !== 0 && grads.length !== roots.length) {
    throw new RangeError(
      `grad can be implicitly created only for scalar outputs; got ${grads.length} gradients for ${roots.length} outputs`,
    );
  }
  const seeds: Variable[] = [];
  for (let i = 0; i < roots.length; i++) {
    const r = roots[i];
    if (!(r instanceof Variable)) {
      throw new TypeError(`element ${i} of tensors is not a Tensor`);
    }
    if (!r.requiresGrad) {
      throw new Error(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    }
    const g = grads[i] ?? null;
    if (g === null) {
      if (r.numel() !== 1) {
        throw new Error("grad can be implicitly created only for scalar outputs");
      }
      seeds.push(r._onesLike());
    } else {
      if (!(g instanceof Variable)) {
        throw new TypeError(`grad_output[${i}] must be a Tensor, got ${typeof g}`);
      }
      if (!sameShape(g.shape, r.shape)) {
        throw new RangeError(
          `Mismatch in shape: grad_output[${i}] has a shape of ${
            sizeString(g.shape)
          } and output[${i}] has a shape of ${sizeString(r.shape)}.`,
        );
      }
      seeds.push(g);
    }
  }
  return seeds;
}

function edgeOf(v: Variable): [Node, number] {
  return v._gradFn !== null ? [v._gradFn, v._outputNr] : [v._gradAccumulator(), 0];
}

/** A capture point: the gradient flowing into (node, nr) is collected for input `index`. */
interface Capture {
  nr: number;
  index: number;
}

/** Max-heap of nodes by sequence number. */
class ReadyQueue {
  #heap: Node[] = [];
  get size(): number {
    return this.#heap.length;
  }
  push(n: Node): void {
    const h = this.#heap;
    let i = h.length;
    h.push(n);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].sequenceNr >= n.sequenceNr) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = n;
  }
  pop(): Node {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && h[r].sequenceNr > h[l].sequenceNr ? r : l;
        if (h[c].sequenceNr <= last.sequenceNr) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

/**
 * Runs the graph from `roots` seeded with `seeds`. With `captures`, gradients arriving at the
 * captured edges are returned (`grad()`); with `accumulate`, leaves' `.grad` are updated. When
 * captures are given, only nodes leading to them run.
 */
function execute(
  roots: Variable[],
  seeds: Variable[],
  freshSeeds: boolean,
  retainGraph: boolean,
  createGraph: boolean,
  captures: Map<Node, Capture[]> | null,
  captureCount: number,
  accumulateCaptured: Variable[] | null,
): (Variable | null)[] {
  // 1. Discover the graph: dependency counts, and (with captures) which nodes are needed.
  const deps = new Map<Node, number>();
  const rootNodes: Node[] = [];
  const stack: Node[] = [];
  for (const r of roots) {
    const [n] = edgeOf(r);
    rootNodes.push(n);
    if (!deps.has(n)) {
      deps.set(n, 0);
      stack.push(n);
    }
  }
  const order: Node[] = []; // discovery order, for the needed pass
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (captures !== null) order.push(n);
    const next = n._nextNodes;
    for (let i = 0; i < next.length; i++) {
      const m = next[i];
      if (m === null) continue;
      const d = deps.get(m);
      if (d === undefined) {
        deps.set(m, 1);
        stack.push(m);
      } else deps.set(m, d + 1);
    }
  }
  let needed: Set<Node> | null = null;
  if (captures !== null) {
    // A node is needed if it is captured or leads to a needed node. Repeated sweeps in reverse
    // discovery order converge quickly on a DAG; each sweep is linear.
    needed = new Set();
    for (const n of captures.keys()) if (deps.has(n)) needed.add(n);
    let changed = true;
    while (changed) {
      changed = false;
      for (let k = order.length - 1; k >= 0; k--) {
        const n = order[k];
        if (needed.has(n)) continue;
        for (const m of n._nextNodes) {
          if (m !== null && needed.has(m)) {
            needed.add(n);
            changed = true;
            break;
          }
        }
      }
    }
  }

  // 2. Seed the input buffers of the root nodes. `fresh` holds gradients that nothing else
  // references (made by a built-in node, or implicit seeds): a leaf may take one as its .grad
  // without a copy, as PyTorch steals a gradient whose use count is 1.
  const buffers = new Map<Node, (Variable | null)[]>();
  const fresh = createGraph ? null : new Set<Variable>();
  const prevMode = isGradEnabled();
  setGradEnabled(createGraph);
  const captured: (Variable | null)[] = new Array(captureCount).fill(null);
  try {
    for (let i = 0; i < roots.length; i++) {
      const [n, nr] = edgeOf(roots[i]);
      addToBuffer(buffers, n, nr, seeds[i], fresh);
      if (freshSeeds && fresh !== null && seeds.indexOf(seeds[i]) === i) fresh.add(seeds[i]);
    }
    const ready = new ReadyQueue();
    for (const n of rootNodes) {
      if (deps.get(n) === 0) {
        deps.set(n, -1); // queued
        ready.push(n);
      }
    }

    // 3. Walk.
    while (ready.size > 0) {
      const node = ready.pop();
      const grads = buffers.get(node) ?? new Array<Variable | null>(node.numOutputs).fill(null);
      buffers.delete(node);
      const run = needed === null || needed.has(node);
      if (fresh !== null && (node._preHooks !== null || !(node instanceof AccumulateGrad))) {
        // Handed to user hooks or to a node that may pass them on: no longer exclusive.
        for (let i = 0; i < grads.length; i++) if (grads[i] !== null) fresh.delete(grads[i]!);
      }
      if (run) {
        callPreHooks(node, grads);
        const retained = node._retained;
        if (retained !== null) {
          for (let nr = 0; nr < retained.length; nr++) {
            const v = retained[nr];
            const g = grads[nr];
            if (v !== undefined && g != null) v._accumulateGrad(g);
          }
        }
      }
      let skipApply = !run;
      const caps = captures?.get(node);
      if (caps !== undefined) {
        for (const c of caps) {
          const g = grads[c.nr] ?? null;
          if (accumulateCaptured !== null) {
            if (g !== null) accumulateCaptured[c.index]._accumulateGrad(g);
          } else captured[c.index] = g;
        }
        // A captured leaf is not accumulated into, and a captured node runs only if more is
        // needed below it.
        if (node instanceof AccumulateGrad) skipApply = true;
        else skipApply = !node._nextNodes.some((m) => m !== null && needed!.has(m));
      }
      let anyGrad = false;
      for (let i = 0; i < grads.length; i++) if (grads[i] != null) anyGrad = true;
      let outs: (Variable | null)[] | null = null;
      if (!skipApply && anyGrad) {
        if (node instanceof AccumulateGrad && fresh !== null && fresh.has(grads[0]!)) {
          fresh.delete(grads[0]!);
          node._accumulate(grads[0]!, true);
        } else outs = node.apply(grads);
        if (fresh !== null && outs !== null && node._freshOutputs) markFresh(outs, grads, fresh);
      }
      if (!retainGraph && !skipApply) node._release();

      const next = node._nextNodes;
      const nrs = node._nextNrs;
      for (let i = 0; i < next.length; i++) {
        const m = next[i];
        if (m === null) continue;
        if (needed !== null && !needed.has(m)) continue;
        let g = outs === null ? null : outs[i] ?? null;
        const types = node._inputTypes;
        if (g !== null && types !== null && types[i] !== null && g._typeName() !== types[i]) {
          g = g._castTo(types[i]!);
          if (fresh !== null) fresh.add(g);
        }
        if (g !== null) addToBuffer(buffers, m, nrs[i], g, fresh);
        const d = deps.get(m)! - 1;
        deps.set(m, d);
        if (d === 0) {
          deps.set(m, -1);
          ready.push(m);
        }
      }
    }
  } finally {
    setGradEnabled(prevMode);
  }
  return captured;
}

function addToBuffer(
  buffers: Map<Node, (Variable | null)[]>,
  node: Node,
  nr: number,
  g: Variable,
  fresh: Set<Variable> | null,
): void {
  let buf = buffers.get(node);
  if (buf === undefined) {
    const n = node.numOutputs;
    buf = n === 1 ? [null] : new Array<Variable | null>(n).fill(null);
    buffers.set(node, buf);
  }
  const old = buf[nr];
  if (old === null) buf[nr] = g;
  else {
    const sum = old._plus(g);
    if (fresh !== null) {
      fresh.delete(old);
      fresh.delete(g);
      fresh.add(sum);
    }
    buf[nr] = sum;
  }
}

/** Marks a built-in node's outputs that are new objects, used once, not views, as fresh. */
function markFresh(
  outs: (Variable | null)[],
  grads: (Variable | null)[],
  fresh: Set<Variable>,
): void {
  for (let i = 0; i < outs.length; i++) {
    const g = outs[i];
    if (g === null || g === undefined || g._base !== null || grads.includes(g)) continue;
    if (outs.indexOf(g) !== i || outs.lastIndexOf(g) !== i) continue;
    fresh.add(g);
  }
}

function callPreHooks(node: Node, grads: (Variable | null)[]): void {
  const hooks = node._preHooks;
  if (hooks === null) return;
  for (const h of hooks.slice()) {
    const g = grads[h.nr];
    if (g === null) continue;
    const r = h.fn(g);
    if (r === undefined || r === null) continue;
    if (!(r instanceof Variable)) {
      throw new TypeError(`hook '${h.fn.name || "hook"}' returned a non-Tensor value`);
    }
    if (!sameShape(r.shape, g.shape)) {
      throw new RangeError(
        `hook '${h.fn.name || "hook"}' has changed the size of value: expected [${
          g.shape.join(", ")
        }] but got [${r.shape.join(", ")}]`,
      );
    }
    if (r._typeName() !== g._typeName()) {
      throw new TypeError(
        `hook '${
          h.fn.name || "hook"
        }' has changed the type of value (was ${g._typeName()} got ${r._typeName()})`,
      );
    }
    grads[h.nr] = r;
  }
}

function buildCaptures(inputs: Variable[]): Map<Node, Capture[]> {
  const captures = new Map<Node, Capture[]>();
  for (let i = 0; i < inputs.length; i++) {
    const [n, nr] = edgeOf(inputs[i]);
    let list = captures.get(n);
    if (list === undefined) captures.set(n, list = []);
    list.push({ nr, index: i });
  }
  return captures;
}

/**
 * Computes the gradients of `tensors` and accumulates them into the `.grad` of the leaves
 * (or of `inputs`). PyTorch: `torch.autograd.backward`.
 *
 * @param tensors The outputs to differentiate.
 * @param gradTensors Their gradients; may be omitted for single-element outputs.
 * @param options `retainGraph`, `createGraph`, `inputs`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { backward } from "@descent/autograd";
 * import { tensor } from "@descent/tensor";
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * backward(x.mul(x).sum());
 * assert(String(x.grad) === "tensor([2., 4., 6.])");
 * ```
 */
export function backward(
  tensors: readonly Variable[] | Variable,
  gradTensors?: readonly (Variable | null)[] | Variable | null,
  options: BackwardOptions = {},
): void {
  const roots = asList(tensors);
  const given = asList(gradTensors);
  const seeds = makeSeeds(roots, given);
  const implicit = given.length === 0;
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  let inputs: Variable[] | null = null;
  if (options.inputs !== undefined) {
    inputs = asList(options.inputs);
    if (inputs.length === 0) throw new Error("'inputs' argument to backward() cannot be empty.");
    for (const v of inputs) {
      if (!(v instanceof Variable) || !v.requiresGrad) {
        throw new Error("One of the differentiated Tensors does not require grad");
      }
    }
  }
  if (createGraph) warnOnce(CREATE_GRAPH_WARNING);
  if (inputs === null) {
    execute(roots, seeds, implicit, retainGraph, createGraph, null, 0, null);
  } else {
    const caps = buildCaptures(inputs);
    execute(roots, seeds, implicit, retainGraph, createGraph, caps, inputs.length, inputs);
  }
}

/**
 * Computes and returns the gradients of `outputs` with respect to `inputs`, without touching
 * any `.grad`. PyTorch: `torch.autograd.grad`.
 *
 * @param outputs The outputs to differentiate.
 * @param inputs The values to differentiate with respect to.
 * @param options `gradOutputs`, `retainGraph`, `createGraph`, `allowUnused`.
 * @returns One gradient per input (`null` for unused inputs when `allowUnused`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { grad } from "@descent/autograd";
 * import { tensor } from "@descent/tensor";
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * const [g] = grad(x.pow(3).sum(), x, { createGraph: true });
 * assert(String(g) === "tensor([ 3., 12., 27.], grad_fn=<MulBackward0>)");
 * const [gg] = grad(g!.sum(), x);
 * assert(String(gg) === "tensor([ 6., 12., 18.])");
 * ```
 */
export function grad<V extends Variable>(
  outputs: readonly Variable[] | Variable,
  inputs: readonly V[] | V,
  options: GradOptions = {},
): (V | null)[] {
  const roots = asList(outputs);
  const ins = asList(inputs);
  const seeds = makeSeeds(roots, asList(options.gradOutputs));
  for (const v of ins) {
    if (!(v instanceof Variable) || !v.requiresGrad) {
      throw new Error("One of the differentiated Tensors does not require grad");
    }
  }
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  const result = execute(
    roots,
    seeds,
    false,
    retainGraph,
    createGraph,
    buildCaptures(ins),
    ins.length,
    null,
  ) as (V | null)[];
  if (!options.allowUnused && result.some((g) => g === null)) {
    throw new Error(
      "One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.",
    );
  }
  return result;
}
