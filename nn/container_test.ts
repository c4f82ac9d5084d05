import assert from "node:assert/strict";
import { floatTensor, ones } from "@descent/tensor";
import {
  Identity,
  Linear,
  type Module,
  ModuleDict,
  ModuleList,
  ReLU,
  Sequential,
  Tanh,
} from "@descent/nn";

const names = (m: Module) => m.namedChildren().map(([k]) => k);

Deno.test("Sequential: indexing, slices and edits renumber as PyTorch's", () => {
  const [a, b, c] = [new Linear(2, 2), new ReLU(), new Tanh()];
  const seq = new Sequential(a, b);
  assert.equal(seq.length, 2);
  assert.equal(seq.at(-1), b);
  assert.throws(() => seq.at(2), { name: "RangeError", message: "index 2 is out of range" });
  assert.throws(() => seq.at(0.5), { name: "TypeError" });
  seq.append(c);
  assert.deepEqual([...seq], [a, b, c]);
  seq.insert(0, new Identity());
  assert.deepEqual(names(seq), ["0", "1", "2", "3"]);
  assert.equal(seq.at(1), a);
  assert.equal(seq.pop(0).constructor.name, "Identity");
  assert.equal(seq.pop(-1), c);
  assert.deepEqual([...seq], [a, b]);
  seq.extend([c]);
  assert.equal(String(seq.slice(1)), "Sequential(\n  (1): ReLU()\n  (2): Tanh()\n)");
  seq.set(2, new Identity());
  assert.equal(String(seq.at(2)), "Identity()");
  assert.throws(() => seq.append(1 as unknown as Module), {
    name: "TypeError",
    message: "number is not a Module subclass",
  });
  assert.equal(seq.length, 3);
});

Deno.test("Sequential: named modules keep their names and order; names are checked", () => {
  const seq = new Sequential({ fc: new Linear(2, 3), act: new ReLU(), out: new Linear(3, 1) });
  assert.deepEqual(names(seq), ["fc", "act", "out"]);
  assert.deepEqual(Object.keys(seq.stateDict()), [
    "fc.weight",
    "fc.bias",
    "out.weight",
    "out.bias",
  ]);
  assert.equal(
    String(seq),
    "Sequential(\n  (fc): Linear(in_features=2, out_features=3, bias=True)\n  (act): ReLU()\n" +
      "  (out): Linear(in_features=3, out_features=1, bias=True)\n)",
  );
  assert.deepEqual(seq.forward(ones([4, 2])).shape, [4, 1]);
  assert.throws(() => new Sequential({ train: new ReLU() }), {
    message: "attribute 'train' already exists",
  });
  assert.throws(() => new Sequential({ "a.b": new ReLU() }), {
    message: `module name can't contain "."`,
  });
});

Deno.test("Sequential: an empty one returns its input", () => {
  const x = floatTensor([1]);
  assert.equal(new Sequential().forward(x), x);
});

Deno.test("ModuleList: list operations, parameters of its modules, folded printing", () => {
  const list = new ModuleList<Module>([new Linear(2, 2), new Linear(2, 2)]);
  list.append(new ReLU()).extend([new ReLU(), new Linear(2, 1)]);
  list.insert(1, new Tanh());
  assert.deepEqual(list.parameters().length, 6);
  assert.equal(
    String(list),
    "ModuleList(\n" +
      "  (0): Linear(in_features=2, out_features=2, bias=True)\n" +
      "  (1): Tanh()\n" +
      "  (2): Linear(in_features=2, out_features=2, bias=True)\n" +
      "  (3-4): 2 x ReLU()\n" +
      "  (5): Linear(in_features=2, out_features=1, bias=True)\n" +
      ")",
  );
  assert.equal(list.pop(1).constructor.name, "Tanh");
  assert.match(String(list), /\(0-1\): 2 x Linear/);
  assert.equal(list.at(-1).constructor.name, "Linear");
  assert.throws(() => list.at(5), { message: "index 5 is out of range" });
  assert.throws(() => list.insert(7, new ReLU()), { message: "index 7 is out of range" });
  assert.equal(list.length, 5);
  // ModuleList has no forward.
  assert.throws(() => (list as unknown as Module<[], unknown>).forward(), {
    message: 'Module [ModuleList] is missing the required "forward" function',
  });
  // A failing extend adds nothing.
  assert.throws(() => list.extend([new ReLU(), null as unknown as Module]));
  assert.equal(list.length, 5);
});

Deno.test("ModuleDict: a map of modules in insertion order", () => {
  const d = new ModuleDict<Module>([["b", new ReLU()], ["a", new Linear(1, 1)]]);
  d.set("2", new Tanh());
  assert.deepEqual([...d.keys()], ["b", "a", "2"]);
  assert.deepEqual(names(d), ["b", "a", "2"]);
  assert.equal(d.size, 3);
  assert.ok(d.has("a") && !d.has("z"));
  assert.throws(() => d.get("z"), { name: "RangeError", message: "'z'" });
  assert.equal(d.pop("b").constructor.name, "ReLU");
  d.update({ c: new ReLU() });
  assert.deepEqual([...d].map(([k]) => k), ["a", "2", "c"]);
  assert.deepEqual([...d.values()].length, 3);
  assert.equal(
    String(d),
    "ModuleDict(\n  (a): Linear(in_features=1, out_features=1, bias=True)\n  (2): Tanh()\n  (c): ReLU()\n)",
  );
  assert.throws(() => d.update({ ok: new ReLU(), forward: new ReLU() }), {
    message: "attribute 'forward' already exists",
  });
  assert.ok(!d.has("ok"), "a failing update adds nothing");
  d.clear();
  assert.equal(String(d), "ModuleDict()");
});
