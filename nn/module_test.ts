import assert from "node:assert/strict";
import { Adam } from "@descent/optim";
import {
  type DType,
  floatTensor,
  manualSeed,
  ones,
  type Tensor,
  tensor,
  zeros,
} from "@descent/tensor";
import { Linear, Module, Parameter, ReLU, Sequential } from "@descent/nn";

/** Parameters, buffers and submodules assigned in an interleaved order. */
class Block extends Module<[Tensor], Tensor> {
  fc = new Linear(2, 2);
  gain = new Parameter(ones([2]));
  declare steps: Tensor;
  act = new ReLU();
  offset = new Parameter(zeros([2]));
  note = floatTensor([1]); // a plain tensor field: not state
  constructor() {
    super();
    this.registerBuffer("steps", zeros([1]));
  }
  override forward(x: Tensor): Tensor {
    return this.act.call(this.fc.call(x)).mul(this.gain).add(this.offset);
  }
}

Deno.test("Module: fields are found in assignment order, parameters before buffers before submodules", () => {
  manualSeed(0);
  const b = new Block();
  assert.deepEqual(b.namedParameters().map(([k]) => k), ["gain", "offset", "fc.weight", "fc.bias"]);
  assert.deepEqual(Object.keys(b.stateDict()), [
    "gain",
    "offset",
    "steps",
    "fc.weight",
    "fc.bias",
  ]);
  assert.deepEqual(b.namedBuffers().map(([k]) => k), ["steps"]);
  assert.deepEqual(b.namedChildren().map(([k]) => k), ["fc", "act"]);
  assert.deepEqual(b.namedModules().map(([k]) => k), ["", "fc", "act"]);
  assert.deepEqual(b.parameters({ recurse: false }), [b.gain, b.offset]);
  assert.deepEqual(b.namedParameters({ prefix: "m" }).map(([k]) => k)[2], "m.fc.weight");
  // Reassigning keeps the place; a new field comes last; a buffer stays a buffer.
  b.gain = new Parameter(ones([2]));
  b.steps = ones([1]);
  (b as unknown as Record<string, unknown>).extra = new Parameter(ones([1]));
  assert.deepEqual(Object.keys(b.stateDict()), [
    "gain",
    "offset",
    "extra",
    "steps",
    "fc.weight",
    "fc.bias",
  ]);
  assert.equal(b.stateDict().steps.item(), 1);
  delete (b as unknown as Record<string, unknown>).extra;
  assert.equal(b.parameters().length, 4);
});

Deno.test("Module: shared parameters and modules are listed once, under their first name", () => {
  const fc = new Linear(2, 2);
  const seq = new Sequential(fc, new ReLU(), fc);
  assert.deepEqual(seq.namedParameters().map(([k]) => k), ["0.weight", "0.bias"]);
  assert.deepEqual(seq.namedParameters({ removeDuplicate: false }).map(([k]) => k), [
    "0.weight",
    "0.bias",
    "2.weight",
    "2.bias",
  ]);
  assert.deepEqual(seq.namedModules().map(([k]) => k), ["", "0", "1"]);
  assert.deepEqual(seq.namedModules({ removeDuplicate: false }).map(([k]) => k), [
    "",
    "0",
    "1",
    "2",
  ]);
  assert.deepEqual(seq.children().length, 2);
  // The state dict names every slot, as PyTorch's.
  assert.deepEqual(Object.keys(seq.stateDict()), ["0.weight", "0.bias", "2.weight", "2.bias"]);
});

Deno.test("Module: registration errors are PyTorch's and change nothing", () => {
  const m = new Block();
  const errors: [() => void, string][] = [
    [() => m.registerParameter("a.b", null), `parameter name can't contain "."`],
    [() => m.registerParameter("", null), `parameter name can't be empty string ""`],
    [() => m.registerParameter("forward", null), "attribute 'forward' already exists"],
    [() => m.registerParameter("act", null), "attribute 'act' already exists"],
    [
      () => m.registerParameter("w", floatTensor([1]) as Parameter),
      "cannot assign 'torch.FloatTensor' object to parameter 'w' (torch.nn.Parameter or None required)",
    ],
    [
      () => m.registerBuffer("b", 3 as unknown as Tensor),
      "cannot assign 'int' object to buffer 'b' (torch Tensor or None required)",
    ],
    [() => m.registerBuffer("gain", zeros([1])), "attribute 'gain' already exists"],
    [() => m.registerModule("x", 1 as unknown as Module), "int is not a Module subclass"],
    [
      () => m.registerParameter(1 as unknown as string, null),
      "parameter name should be a string. Got int",
    ],
  ];
  const before = Object.keys(m.stateDict());
  for (const [f, text] of errors) assert.throws(f, { name: "TypeError", message: text });
  assert.deepEqual(Object.keys(m.stateDict()), before);
  assert.ok(!("w" in m) && !("b" in m) && !("x" in m));
});

Deno.test("Module: an absent parameter (null) is registered but not state", () => {
  const fc = new Linear(3, 2, { bias: false });
  assert.equal(fc.bias, null);
  assert.deepEqual(Object.keys(fc.stateDict()), ["weight"]);
  assert.equal(String(fc), "Linear(in_features=3, out_features=2, bias=False)");
  // A key for it is unexpected, as in PyTorch.
  assert.throws(
    () => fc.loadStateDict({ weight: zeros([2, 3]), bias: zeros([2]) }),
    {
      message:
        'Error(s) in loading state_dict for Linear:\n\tUnexpected key(s) in state_dict: "bias". ',
    },
  );
  // It may be filled later.
  fc.registerParameter("bias", new Parameter(zeros([2])));
  assert.deepEqual(Object.keys(fc.stateDict()), ["weight", "bias"]);
});

Deno.test("Module: buffers, persistent or not, and registered absent", () => {
  class M extends Module {
    constructor() {
      super();
      this.registerBuffer("kept", ones([1]));
      this.registerBuffer("scratch", zeros([2]), { persistent: false });
      this.registerBuffer("absent", null);
    }
  }
  const m = new M();
  assert.deepEqual(m.namedBuffers().map(([k]) => k), ["kept", "scratch"]);
  assert.deepEqual(Object.keys(m.stateDict()), ["kept"]);
  assert.deepEqual(m.loadStateDict({ kept: floatTensor([5]) }), {
    missingKeys: [],
    unexpectedKeys: [],
  });
  assert.equal(m.buffers()[0].item(), 5);
});

Deno.test("Module: call runs pre-hooks, forward and hooks; handles remove them", () => {
  const fc = new Linear(2, 1);
  const seen: string[] = [];
  const pre = fc.registerForwardPreHook((m, [x]) => {
    seen.push(`pre ${m === fc}`);
    return [x.mul(0)];
  });
  const post = fc.registerForwardHook((_, __, out) => {
    seen.push("post");
    return out.add(1);
  });
  const y = fc.call(ones([1, 2]));
  assert.deepEqual(seen, ["pre true", "post"]);
  assert.ok(Math.abs(y.item() - (fc.bias!.item() + 1)) < 1e-6);
  pre.remove();
  post.remove();
  assert.equal(fc.call(zeros([1, 2])).item(), fc.bias!.item());
  assert.deepEqual(seen.length, 2);
  // Sequential calls its modules with call, so their hooks run.
  const seq = new Sequential(fc);
  fc.registerForwardHook(() => void seen.push("inner"));
  seq.forward(zeros([1, 2]));
  assert.equal(seen.at(-1), "inner");
});

Deno.test("Module: a subclass without forward says so", () => {
  class Empty extends Module {}
  assert.throws(() => new Empty().call(), {
    message: 'Module [Empty] is missing the required "forward" function',
  });
});

Deno.test("Module: train/eval reach every submodule; mode must be a boolean", () => {
  const b = new Block();
  assert.ok(b.training && b.act.training);
  assert.equal(b.eval(), b);
  assert.ok(!b.training && !b.fc.training && !b.act.training);
  b.train();
  assert.ok(b.fc.training);
  assert.throws(() => b.train("no" as unknown as boolean), {
    name: "TypeError",
    message: "training mode is expected to be boolean",
  });
  assert.ok(b.training);
});

Deno.test("Module: zeroGrad sets grads to null, or zeroes them in place", () => {
  const fc = new Linear(2, 1);
  fc.forward(ones([3, 2])).sum().backward();
  const g = fc.weight.grad!;
  fc.zeroGrad({ setToNone: false });
  assert.equal(fc.weight.grad, g);
  assert.deepEqual(g.toList(), [[0, 0]]);
  fc.zeroGrad();
  assert.equal(fc.weight.grad, null);
  assert.equal(fc.bias!.grad, null);
});

Deno.test("Module: requiresGrad_ freezes and unfreezes every parameter", () => {
  const seq = new Sequential(new Linear(2, 2), new Linear(2, 1));
  seq.at(0).requiresGrad_(false);
  assert.deepEqual(seq.parameters().map((p) => p.requiresGrad), [false, false, true, true]);
  seq.forward(ones([1, 2])).sum().backward();
  assert.equal((seq.at(0) as Linear).weight.grad, null);
  assert.ok((seq.at(1) as Linear).weight.grad !== null);
  seq.requiresGrad_();
  assert.ok(seq.parameters().every((p) => p.requiresGrad));
});

Deno.test("Module: apply visits children first, then the module itself", () => {
  const seq = new Sequential(new Sequential(new Linear(1, 1)), new ReLU());
  const order: string[] = [];
  seq.apply((m) => void order.push(m.constructor.name));
  assert.deepEqual(order, ["Linear", "Sequential", "ReLU", "Sequential"]);
});

Deno.test("Module: to(dtype) converts parameters in place, grads too, and refuses other dtypes", () => {
  manualSeed(0);
  const fc = new Linear(2, 1);
  const opt = new Adam(fc.parameters(), { lr: 0.1 });
  fc.forward(ones([1, 2])).sum().backward();
  const weight = fc.weight;
  const before = fc.weight.toList();
  assert.equal(fc.double(), fc);
  assert.equal(fc.weight, weight, "the same Parameter object");
  assert.equal(fc.weight.dtype, "float64");
  assert.equal(fc.weight.grad!.dtype, "float64");
  assert.deepEqual(fc.weight.toList(), before);
  assert.ok(fc.weight.requiresGrad && fc.weight.isLeaf);
  opt.step(); // the optimizer holds the same objects, now float64
  const y = fc.forward(tensor([[1, 2]], { dtype: "float64" }));
  assert.equal(y.dtype, "float64");
  fc.float();
  assert.equal(fc.weight.dtype, "float32");
  assert.throws(() => fc.to("int64" as unknown as DType), {
    name: "TypeError",
    message:
      "nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int64",
  });
});

Deno.test("Module: stateDict holds detached aliases (or the tensors with keepVars)", () => {
  const fc = new Linear(2, 1);
  const sd = fc.stateDict();
  assert.ok(!sd.weight.requiresGrad && sd.weight !== fc.weight);
  assert.equal(String(sd.bias).startsWith("tensor(["), true);
  fc.weight.detach().fill_(3);
  assert.deepEqual(sd.weight.toList(), [[3, 3]], "shares storage");
  assert.equal(fc.stateDict({ keepVars: true }).weight, fc.weight);
  assert.deepEqual(Object.keys(fc.stateDict({ prefix: "fc." })), ["fc.weight", "fc.bias"]);
});

Deno.test("Module: loadStateDict takes a Map, converts dtypes, and checks what it is given", () => {
  const fc = new Linear(2, 1);
  const sd = new Map<string, Tensor>([
    ["weight", tensor([[1, 2]], { dtype: "float64" })],
    ["bias", tensor([0.5], { dtype: "float64" })],
  ]);
  fc.loadStateDict(sd);
  assert.deepEqual(fc.weight.toList(), [[1, 2]]);
  assert.equal(fc.weight.dtype, "float32");
  assert.throws(() => fc.loadStateDict([] as unknown as Record<string, Tensor>), {
    name: "TypeError",
    message: "Expected state_dict to be dict-like, got an array.",
  });
  assert.throws(
    () => fc.loadStateDict({ weight: 1 as unknown as Tensor, bias: zeros([1]) }),
    {
      message:
        'Error(s) in loading state_dict for Linear:\n\tWhile copying the parameter named "weight", expected torch.Tensor or Tensor-like object from checkpoint but received int',
    },
  );
  assert.deepEqual(fc.weight.toList(), [[1, 2]], "nothing copied");
  // A 0-d parameter takes a one-element 1-d tensor (PyTorch 0.3 checkpoints).
  class Scalar extends Module {
    s = new Parameter(tensor(1, { dtype: "float32" }));
  }
  const m = new Scalar();
  m.loadStateDict({ s: floatTensor([4]) });
  assert.equal(m.s.item(), 4);
  assert.deepEqual(m.s.shape, []);
});

Deno.test("Module: the printed form puts a multi-line extraRepr on its own lines", () => {
  class Custom extends Module {
    inner = new ReLU();
    override extraRepr(): string {
      return "a=1\nb=2";
    }
  }
  assert.equal(String(new Custom()), "Custom(\n  a=1\n  b=2\n  (inner): ReLU()\n)");
  class Plain extends Module {}
  assert.equal(String(new Plain()), "Plain()");
  assert.equal(Deno.inspect(new Plain()), "Plain()");
});

Deno.test("Parameter: aliases its data, requires grad unless told, prints as PyTorch", () => {
  const data = floatTensor([1, 2]);
  const p = new Parameter(data);
  data.mul_(2);
  assert.deepEqual(p.toList(), [2, 4]);
  assert.ok(p.isLeaf && p.requiresGrad && p.gradFn === null);
  const q = new Parameter(tensor([1, 2], { dtype: "float64", requiresGrad: true }).mul(2), false);
  assert.ok(q.isLeaf && !q.requiresGrad);
  assert.equal(String(q), "Parameter containing:\ntensor([2., 4.], dtype=torch.float64)");
  assert.equal(String(new Parameter()), "Parameter containing:\ntensor([], requires_grad=True)");
  assert.equal(String(p.detach()), "tensor([2., 4.])");
  assert.throws(() => new Parameter([1] as unknown as Tensor), {
    name: "TypeError",
    message: "Parameter(): data must be a Tensor, got object",
  });
});
