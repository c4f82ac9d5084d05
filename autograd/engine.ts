/**
 * The backward engine: `backward()` and `grad()`, in the phases of PyTorch's engine
 * (torch/csrc/autograd/engine.cpp):
 *
 * 1. a `GraphTask` holds one call's options, the state of each node it walks, and its results;
 * 2. `computeDependencies` counts, for every node reachable from the roots, the edges into it;
 * 3. `initToExecute` (for `grad()` and `backward({ inputs })`) marks the nodes that lead to an
 *    input, in one post-order pass;
 * 4. the walk pops ready nodes highest sequence number first (the tape replayed backwards);
 *    `evaluateNode` runs a node's hooks and backward, `validateOutputs` checks and casts what it
 *    returned, and the gradients are summed into the next nodes' input buffers.
 *
 * Iterative throughout: no recursion, so a chain of a million ops is fine.
 *
 * @module
 */

import { isGradEnabled, setGradEnabled } from "./grad_mode.ts";
import { AccumulateGrad, type Node } from "./node.ts";
import { assertNotThenable } from "./sync_callback.ts";
import { Variable } from "./variable.ts";
import { formatShape, formatSize, sameShape } from "./shape.ts";
import { warnOnce } from "./warn.ts";

/** Options of {@linkcode backward}. PyTorch: `torch.autograd.backward`'s keyword arguments. */
export interface BackwardOptions {
  /** Keep saved values so the graph can be walked again (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order derivatives (default `false`). */
  createGraph?: boolean;
  /**
   * Accumulate only into these values' `.grad`. A non-leaf among them is made to retain its
   * grad (`retainGrad()`), as PyTorch does.
   */
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

// PyTorch's texts with descent's spelling of the API (`createGraph: true`, `allowUnused: true`,
// `null`); conformance/errors_test.ts checks them against PyTorch's through a documented mapping.
const CREATE_GRAPH_WARNING =
  "Using backward() with createGraph: true will create a reference cycle between the parameter and its gradient which can cause a memory leak. We recommend using autograd.grad when creating the graph to avoid this. If you have to use this function, make sure to reset the .grad fields of your parameters to null after use to break the cycle and avoid the leak.";
const GRAD_UNUSED =
  "One of the differentiated Tensors appears to not have been used in the graph. Set allowUnused: true if this is the desired behavior.";

// Note [stealing gradients]
// ~~~~~~~~~~~~~~~~~~~~~~~~~
// The first gradient that reaches a leaf becomes its `.grad`. PyTorch copies it unless nothing
// else can see it (AccumulateGrad::accumulateGrad checks `new_grad.use_count() <=
// num_expected_refs`); then the leaf takes the tensor itself, which saves a copy per parameter
// per step. JavaScript has no use counts, so the engine knows a gradient is unshared by how it
// was made. A gradient is stealable when it is
//   - an implicit seed (the ones made here for a one-element root), a root gradient cast here to
//     the root's dtype, or a sum made here in an input buffer (`addToBuffer`); or
//   - returned by a built-in node (`Node._freshOutputs`, set by tensor/ops/record.ts's `OpNode`)
//     at one index only (no other output shares its storage), and either new (not a view,
//     sharing storage with none of the gradients it received) or the node's own stealable
//     gradient passed through or viewed (`isUnshared`): `t()`'s backward hands on the weight
//     gradient that `mm`'s backward made column-major, as a row-major view that a leaf takes
//     (`Variable._stolen`) without a copy, as PyTorch's `mm_mat2_backward` arranges;
// and it stops being stealable when a tensor hook on the node sees it (the hook may keep it).
// Only an input buffer's single gradient is tracked (`NodeTask.stealable`). AccumulateGrad
// reads it: `AccumulateGrad._accumulate(g, steal)` → `accumulateInto` in node.ts, which steals
// only with grad mode off. Other nodes' buffers use it to sum in place and to recycle the
// gradients they consume: Note [recycled storage] in tensor/storage.ts. Under `createGraph` a
// leaf always gets a copy recorded in the graph, as PyTorch's `clone_obey_contract`.

// Exec info of a node, for grad() and backward({ inputs }). PyTorch: GraphTask::ExecInfo.
/** Not on a path to an input: never runs. */
const SKIP = 0;
/** Captured by `grad()`, but nothing needed below: tensor hooks and captures only. */
const HOOKS = 1;
/** Runs its backward. */
const RUN = 2;

/** Where `grad()` takes input `index`'s gradient: output `nr` of a node. PyTorch: `Capture`. */
interface Capture {
  readonly nr: number;
  readonly index: number;
}

/**
 * @ignore The state of one node in a running graph task: what PyTorch's `GraphTask` keeps in
 * its `dependencies_`, `not_ready_` and `exec_info_` maps, reached from the node (`Node._task`)
 * so the walk does no map lookups. A backward started inside a hook or a custom backward
 * (re-entrant) may walk nodes an enclosing task owns: it keeps their state in `outer` and puts
 * it back when it ends.
 */
export class NodeTask {
  /** The task this state belongs to. */
  readonly task: GraphTask;
  /** The enclosing task's state of the node, restored when `task` ends. */
  readonly outer: NodeTask | null;
  /** Edges into the node not processed yet (a root with none is set to -1 once queued). */
  deps = 0;
  /** The gradients received so far, one per output of the node. PyTorch: `InputBuffer`. */
  buffer: (Variable | null)[] | null = null;
  /** Whether the buffer's gradient may become a leaf's `.grad` as is: Note [stealing gradients]. */
  stealable = false;
  /** `SKIP`, `HOOKS` or `RUN`. */
  exec: number;
  /** `grad()`'s captures at this node. */
  captures: Capture[] | null = null;
  /** Visited by `initToExecute`. */
  seen = false;

  /**
   * Makes the state of a node newly reached by `task`.
   *
   * @param task The task.
   * @param exec The initial exec info.
   * @param outer The node's state in an enclosing task, if any.
   */
  constructor(task: GraphTask, exec: number, outer: NodeTask | null) {
    this.task = task;
    this.exec = exec;
    this.outer = outer;
  }
}

/** Options of a {@linkcode GraphTask}. */
interface GraphTaskOptions {
  /** Keep saved values after the walk (PyTorch: `keep_graph`, from `retain_graph`). */
  keepGraph: boolean;
  /** Run with grad mode on, so gradients have a graph (PyTorch: `create_graph`). */
  createGraph: boolean;
  /** Run only the nodes `initToExecute` marks (PyTorch: a non-empty `exec_info_`). */
  selective: boolean;
  /** How many gradients `grad()` returns. */
  captureCount: number;
}

/** One call of `backward()` or `grad()`. PyTorch: `GraphTask`. */
class GraphTask {
  readonly keepGraph: boolean;
  readonly createGraph: boolean;
  readonly selective: boolean;
  /** Every node this task reached, in discovery order. */
  readonly nodes: Node[] = [];
  /** `grad()`'s results, one per input. */
  readonly captured: (Variable | null)[];
  /** Nodes whose gradients are complete, highest sequence number first. */
  readonly ready: ReadyQueue = new ReadyQueue();

  constructor(options: GraphTaskOptions) {
    this.keepGraph = options.keepGraph;
    this.createGraph = options.createGraph;
    this.selective = options.selective;
    this.captured = new Array<Variable | null>(options.captureCount).fill(null);
  }

  /** This task's state of `node`, or `null` when the task has not reached it. */
  stateOf(node: Node): NodeTask | null {
    const s = node._task;
    return s !== null && s.task === this ? s : null;
  }

  /** Makes `node` part of this task. */
  claim(node: Node): NodeTask {
    const s = new NodeTask(this, this.selective ? SKIP : RUN, node._task);
    node._task = s;
    this.nodes.push(node);
    return s;
  }

  /** Gives every node back the state it had before (none, or an enclosing task's). */
  release(): void {
    const nodes = this.nodes;
    for (let i = 0; i < nodes.length; i++) nodes[i]._task = nodes[i]._task!.outer;
  }
}

/** Max-heap of nodes by sequence number. PyTorch: `ReadyQueue`. */
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

const NONE: readonly never[] = Object.freeze([]);

function asList<T>(x: readonly T[] | T | null | undefined): readonly T[] {
  if (x === null || x === undefined) return NONE;
  return Array.isArray(x) ? (x as T[]).slice() : [x as T];
}

/** The node a value's gradient flows into: its `gradFn`, or a leaf's AccumulateGrad. */
function nodeOf(v: Variable): Node {
  return v._gradFn ?? v._gradAccumulator();
}

/** Which output of {@linkcode nodeOf} the value is. */
function outputNrOf(v: Variable): number {
  return v._gradFn === null ? 0 : v._outputNr;
}

/** Checks the roots and builds their seeds (PyTorch's `_make_grads`); changes nothing. */
function makeSeeds(roots: readonly Variable[], grads: readonly (Variable | null)[]): Variable[] {
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
      throw new Error(`element ${i} of tensors does not require grad and does not have a gradFn`);
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
            formatSize(g.shape)
          } and output[${i}] has a shape of ${formatSize(r.shape)}.`,
        );
      }
      seeds.push(g);
    }
  }
  return seeds;
}

/** Checks the values to differentiate with respect to; changes nothing. */
function checkInputs(inputs: readonly Variable[]): void {
  for (const v of inputs) {
    if (!(v instanceof Variable) || !v.requiresGrad) {
      throw new Error("One of the differentiated Tensors does not require grad");
    }
  }
}

/**
 * Claims every node reachable from the roots for `task` and counts the edges into each.
 * PyTorch: `compute_dependencies`.
 */
function computeDependencies(task: GraphTask, rootNodes: readonly Node[]): void {
  for (const n of rootNodes) if (task.stateOf(n) === null) task.claim(n);
  const nodes = task.nodes; // grows while we walk it: a breadth-first walk, no other stack
  for (let k = 0; k < nodes.length; k++) {
    const next = nodes[k]._nextNodes;
    for (let i = 0; i < next.length; i++) {
      const m = next[i];
      if (m !== null) (task.stateOf(m) ?? task.claim(m)).deps++;
    }
  }
}

/**
 * Marks what `grad()` (`capture`) or `backward({ inputs })` must run: the inputs' nodes, and
 * every node with a path to one. PyTorch: `GraphTask::init_to_execute`, one pass:
 *
 * ```
 * for each input (node, nr, index):
 *   grad():                node.captures += (nr, index); node.exec = max(node.exec, HOOKS)
 *   backward({ inputs }):  node.exec = RUN (it accumulates, or a non-leaf retains its grad)
 * depth-first from each root, with an explicit stack of (node, next child to look at):
 *   child already seen:  its exec is final; if child.exec != SKIP: node.exec = RUN
 *   child not seen:      mark it seen, push it
 *   no child left:       pop node; if node.exec != SKIP: parent.exec = RUN
 * ```
 *
 * Each node is pushed once and each edge looked at once, so the pass is linear in the graph.
 */
function initToExecute(
  task: GraphTask,
  rootNodes: readonly Node[],
  inputs: readonly Variable[],
  capture: boolean,
): void {
  for (let i = 0; i < inputs.length; i++) {
    const v = inputs[i];
    const node = v._gradFn ?? v._accumulator;
    const s = node === null ? null : task.stateOf(node);
    if (s === null) continue; // not reachable from the roots: unused
    if (!capture) s.exec = RUN;
    else {
      (s.captures ??= []).push({ nr: outputNrOf(v), index: i });
      if (s.exec === SKIP) s.exec = HOOKS;
    }
  }
  const stack: Node[] = [];
  const nextChild: number[] = [];
  for (const root of rootNodes) {
    const rs = root._task!;
    if (rs.seen) continue;
    rs.seen = true;
    stack.push(root);
    nextChild.push(0);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const state = stack[top]._task!;
      const next = stack[top]._nextNodes;
      let i = nextChild[top];
      let child: Node | null = null;
      for (; i < next.length && child === null; i++) {
        const m = next[i];
        if (m === null) continue;
        const ms = m._task!;
        if (!ms.seen) {
          ms.seen = true;
          child = m;
        } else if (ms.exec !== SKIP) state.exec = RUN;
      }
      nextChild[top] = i;
      if (child !== null) {
        stack.push(child);
        nextChild.push(0);
        continue;
      }
      stack.pop();
      nextChild.pop();
      if (state.exec !== SKIP && top > 0) stack[top - 1]._task!.exec = RUN;
    }
  }
}

/** Puts the seeds into the roots' input buffers and queues the roots that are ready. */
function seedRoots(
  task: GraphTask,
  roots: readonly Variable[],
  seeds: readonly Variable[],
  given: readonly (Variable | null)[],
): void {
  for (let i = 0; i < roots.length; i++) {
    const r = roots[i];
    const node = nodeOf(r);
    const s = node._task!;
    let g = seeds[i];
    let unshared = (given[i] ?? null) === null; // an implicit seed, made by makeSeeds
    const type = r._typeName();
    if (g._typeName() !== type) {
      g = g._castTo(type); // PyTorch validates the roots' gradients too
      unshared = true;
    }
    addToBuffer(task, s, node, outputNrOf(r), g, unshared && !task.createGraph);
    if (s.deps === 0 && s.exec !== SKIP) {
      s.deps = -1;
      task.ready.push(node);
    }
  }
}

/** Sums `g` into input `nr` of `node`'s buffer. PyTorch: `InputBuffer::add`. */
function addToBuffer(
  task: GraphTask,
  state: NodeTask,
  node: Node,
  nr: number,
  g: Variable,
  stealable: boolean,
): void {
  let buf = state.buffer;
  if (buf === null) {
    const n = node.numOutputs;
    buf = state.buffer = n === 1 ? [null] : new Array<Variable | null>(n).fill(null);
  }
  const old = buf[nr];
  if (old === null) {
    buf[nr] = g;
    state.stealable = stealable;
    return;
  }
  // Note [recycled storage] (tensor/storage.ts): a buffer's gradient that only the engine holds
  // takes the sum in place (as PyTorch's InputBuffer::add), and an added gradient that only
  // the engine held is unreachable once added. Only a single-output node's buffer is tracked.
  const owned = !task.createGraph && buf.length === 1;
  if (owned && state.stealable && old._isDense()) old._accumulate_(g);
  else {
    buf[nr] = old._plus(g);
    state.stealable = !task.createGraph; // a sum made here is unshared
  }
  if (owned && stealable) g._recycle(buf);
}

/**
 * Runs one ready node: its tensor hooks and retained grads, `grad()`'s captures, then, when it
 * must run, its backward; the validated gradients go into the next nodes' input buffers, and
 * the nodes that have all their gradients are queued. PyTorch: `Engine::evaluate_function`.
 */
function evaluateNode(task: GraphTask, node: Node): void {
  const state = node._task!;
  const grads = state.buffer ?? new Array<Variable | null>(node.numOutputs).fill(null);
  state.buffer = null;
  if (node._preHooks !== null) {
    callTensorPreHooks(node, grads);
    state.stealable = false; // a hook saw the gradient and may keep it
  }
  const retained = node._retained;
  if (retained !== null) {
    for (let nr = 0; nr < retained.length; nr++) {
      const g = grads[nr];
      if (retained[nr] !== undefined && g !== null) retained[nr]!._accumulateGrad(g);
    }
  }
  const captures = state.captures;
  if (captures !== null) { for (const c of captures) task.captured[c.index] = grads[c.nr]; }
  if (state.exec !== RUN) return;
  const outs = callFunction(node, grads, state.stealable);
  if (!task.keepGraph) node._release();
  const fresh = node._freshOutputs && !task.createGraph;
  // The gradient this node received, when only the engine holds it (a retained grad is a copy).
  const owned = fresh && state.stealable && grads.length === 1 && captures === null
    ? grads[0]
    : null;
  // Note [recycled storage]: consumed by a built-in backward that returned nothing sharing its
  // storage, it is unreachable now.
  if (owned !== null && outs !== null) owned._recycle(outs);
  const next = node._nextNodes;
  const nrs = node._nextNrs;
  for (let i = 0; i < next.length; i++) {
    const m = next[i];
    if (m === null) continue;
    const s = m._task!;
    if (s.exec === SKIP) continue;
    const g = outs === null ? null : outs[i];
    if (g !== null) addToBuffer(task, s, m, nrs[i], g, fresh && isUnshared(outs!, i, grads, owned));
    if (--s.deps === 0) task.ready.push(m);
  }
}

/** Whether one of `values` shares storage with `g`. */
function sharesStorage(values: readonly (Variable | null)[], g: Variable): boolean {
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v !== null && v._sameStorage(g)) return true;
  }
  return false;
}

/**
 * Calls a node's backward and validates what it returns, or accumulates into a leaf; `null`
 * when no gradient arrived (the node is skipped, as PyTorch skips undefined gradients).
 * PyTorch: `call_function`.
 */
function callFunction(
  node: Node,
  grads: (Variable | null)[],
  stealable: boolean,
): (Variable | null)[] | null {
  let any = false;
  for (let i = 0; i < grads.length; i++) if (grads[i] !== null) any = true;
  if (!any) return null;
  if (node instanceof AccumulateGrad) {
    node._accumulate(grads[0]!, stealable);
    return null;
  }
  const outs = node.apply(grads);
  validateOutputs(node, outs);
  return outs;
}

/**
 * Note [stealing gradients]: whether output `i`'s storage goes to input `i` alone: no other
 * output shares it, and it is either new (not a view, sharing storage with no gradient the
 * node received) or that of `owned`, the node's received gradient that only the engine held
 * (passed through, or a view of it: the engine's ownership moves on with it).
 */
function isUnshared(
  outs: readonly (Variable | null)[],
  i: number,
  grads: readonly (Variable | null)[],
  owned: Variable | null,
): boolean {
  const g = outs[i]!;
  for (let k = 0; k < outs.length; k++) {
    const o = outs[k];
    if (k !== i && o !== null && o._sameStorage(g)) return false;
  }
  if (owned !== null && g._sameStorage(owned)) return true;
  return g._base === null && !sharesStorage(grads, g);
}

/**
 * Checks what a node's backward returned, as PyTorch's `validate_outputs`: one gradient per
 * input edge, and each gradient of its input's shape (one that broadcasts to it is summed
 * down, anything else is an error) and dtype (cast to the input's). The input's shape and
 * dtype are those the next node recorded for the value it made (`Node._shape0`). Errors name
 * the node. Replaces reduced or cast gradients in `grads`.
 */
function validateOutputs(node: Node, grads: (Variable | null)[]): void {
  const next = node._nextNodes;
  if (!Array.isArray(grads) || grads.length !== next.length) {
    const got = Array.isArray(grads) ? grads.length : `a ${typeof grads}`;
    throw new Error(
      `Function ${node.name()} returned an invalid number of gradients - expected ${next.length}, but got ${got}`,
    );
  }
  const nrs = node._nextNrs;
  for (let i = 0; i < grads.length; i++) {
    let g = grads[i] ?? null;
    grads[i] = g;
    const m = next[i];
    if (g === null || m === null) continue;
    if (!(g instanceof Variable)) {
      throw new TypeError(
        `Function ${node.name()} returned an invalid gradient at index ${i} - expected a Tensor or null, got ${typeof g}`,
      );
    }
    const shape = m._outputShape(nrs[i]);
    if (shape !== null && !sameShape(g.shape, shape)) {
      if (!expandableTo(shape, g.shape)) {
        throw new RangeError(
          `Function ${node.name()} returned an invalid gradient at index ${i} - got ${
            formatShape(g.shape)
          } but expected shape compatible with ${formatShape(shape)}`,
        );
      }
      g = g._sumTo(shape);
    }
    const type = m._outputType(nrs[i]);
    if (type !== null && g._typeName() !== type) {
      g = g._castTo(type);
      if (g._typeName() !== type) {
        throw new TypeError(
          `Function ${node.name()} returned an invalid gradient at index ${i} - expected dtype ${type} but got ${g._typeName()}`,
        );
      }
    }
    grads[i] = g;
  }
}

/** Whether `shape` broadcasts to `target`. PyTorch: `at::is_expandable_to`. */
function expandableTo(shape: readonly number[], target: readonly number[]): boolean {
  const n = shape.length;
  const t = target.length;
  if (n > t) return false;
  for (let i = 1; i <= n; i++) {
    const s = shape[n - i];
    if (s !== target[t - i] && s !== 1) return false;
  }
  return true;
}

/** Runs a node's tensor hooks on its gradients; a returned value replaces the gradient. */
function callTensorPreHooks(node: Node, grads: (Variable | null)[]): void {
  for (const h of node._preHooks!.slice()) {
    const g = grads[h.nr];
    if (g === null) continue;
    const name = `hook '${h.fn.name || "hook"}'`;
    const r = h.fn(g);
    if (r === undefined || r === null) continue;
    assertNotThenable(r, name);
    if (!(r instanceof Variable)) throw new TypeError(`${name} returned a non-Tensor value`);
    if (!sameShape(r.shape, g.shape)) {
      throw new RangeError(
        `${name} has changed the size of value: expected ${formatShape(g.shape)} but got ${
          formatShape(r.shape)
        }`,
      );
    }
    if (r._typeName() !== g._typeName()) {
      throw new TypeError(
        `${name} has changed the type of value (was ${g._typeName()} got ${r._typeName()})`,
      );
    }
    grads[h.nr] = r;
  }
}

/**
 * Runs `task` from `roots` seeded with `seeds`, with grad mode set to `createGraph` throughout.
 * With `inputs`, only the nodes leading to them run. PyTorch: `Engine::execute`.
 */
function execute(
  task: GraphTask,
  roots: readonly Variable[],
  seeds: readonly Variable[],
  given: readonly (Variable | null)[],
  inputs: { values: readonly Variable[]; capture: boolean } | null,
): void {
  const prevMode = isGradEnabled();
  setGradEnabled(task.createGraph);
  try {
    const rootNodes = roots.map(nodeOf);
    computeDependencies(task, rootNodes);
    if (inputs !== null) initToExecute(task, rootNodes, inputs.values, inputs.capture);
    seedRoots(task, roots, seeds, given);
    const ready = task.ready;
    while (ready.size > 0) evaluateNode(task, ready.pop());
  } finally {
    task.release();
    setGradEnabled(prevMode);
  }
}

/**
 * Computes the gradients of `tensors` and accumulates them into the `.grad` of the leaves
 * (or of `inputs`). PyTorch: `torch.autograd.backward`.
 *
 * @param tensors The outputs to differentiate.
 * @param gradTensors Their gradients; may be omitted for single-element outputs. A gradient of
 *   another dtype is cast to its output's, as PyTorch does.
 * @param options `retainGraph`, `createGraph`, `inputs`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { backward } from "@descent/autograd";
 * import { tensor } from "@descent/tensor";
 * const x = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
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
  const createGraph = options.createGraph ?? false;
  let inputs: readonly Variable[] | null = null;
  if (options.inputs !== undefined) {
    inputs = asList(options.inputs);
    if (inputs.length === 0) throw new Error("'inputs' argument to backward() cannot be empty.");
    checkInputs(inputs);
  }
  if (createGraph) warnOnce(CREATE_GRAPH_WARNING);
  // PyTorch's run_backward: each input retains its grad (a no-op on leaves).
  if (inputs !== null) { for (const v of inputs) v.retainGrad(); }
  const task = new GraphTask({
    keepGraph: options.retainGraph ?? createGraph,
    createGraph,
    selective: inputs !== null,
    captureCount: 0,
  });
  execute(task, roots, seeds, given, inputs && { values: inputs, capture: false });
}

/**
 * Computes and returns the gradients of `outputs` with respect to `inputs`, without touching
 * any `.grad`. PyTorch: `torch.autograd.grad`.
 *
 * @param outputs The outputs to differentiate.
 * @param inputs The values to differentiate with respect to (at least one).
 * @param options `gradOutputs`, `retainGraph`, `createGraph`, `allowUnused`.
 * @returns One gradient per input (`null` for unused inputs when `allowUnused`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { grad } from "@descent/autograd";
 * import { tensor } from "@descent/tensor";
 * const x = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
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
  if (ins.length === 0) throw new TypeError("grad requires non-empty inputs.");
  const given = asList(options.gradOutputs);
  const seeds = makeSeeds(roots, given);
  checkInputs(ins);
  const createGraph = options.createGraph ?? false;
  const task = new GraphTask({
    keepGraph: options.retainGraph ?? createGraph,
    createGraph,
    selective: true,
    captureCount: ins.length,
  });
  execute(task, roots, seeds, given, { values: ins, capture: true });
  const result = task.captured as (V | null)[];
  if (!options.allowUnused && result.some((g) => g === null)) throw new Error(GRAD_UNUSED);
  return result;
}
