// safetensors and torch.save files written by Python (conformance/io/, from
// conformance/io/generate.py): descent writes the same safetensors bytes for the same tensors,
// and reads every file to the same dtypes, shapes and bits; torch.save files of PyTorch 1.13
// and 2.x alike, with their strides, offsets and shared storages; hostile files refused.

import assert from "node:assert/strict";
import { Tensor, tensor, type TensorJSON } from "@descent/tensor";
import {
  loadSafetensors,
  loadTorch,
  loadTorchObject,
  readSafetensorsHeader,
  saveSafetensors,
  type TorchValue,
} from "@descent/io";
import fixtures from "../conformance/io/fixtures.json" with { type: "json" };
import torch1 from "../conformance/io/torch1/fixtures.json" with { type: "json" };
import torch2 from "../conformance/io/torch2/fixtures.json" with { type: "json" };

const DIR = new URL("../conformance/io/", import.meta.url);
const read = (path: string) => Deno.readFileSync(new URL(path, DIR));

/** Asserts `t` is `json` exactly: dtype, shape and every value's bits (NaN, -0 included). */
function assertTensor(t: Tensor, json: unknown, what: string): void {
  const { dtype, shape, data } = json as TensorJSON;
  const j = { dtype, shape, data };
  assert.ok(t instanceof Tensor, `${what} is a tensor`);
  assert.equal(t.dtype, j.dtype, `${what}: dtype`);
  assert.deepEqual(t.shape, j.shape, `${what}: shape`);
  const expected = tensor(j);
  assert.deepEqual(bits(t), bits(expected), `${what}: values`);
}

function bits(t: Tensor): number[] {
  return Array.from(
    new Uint8Array(new Float64Array(t.detach().contiguous().toTypedArray()).buffer),
  );
}

for (const [name, c] of Object.entries(fixtures.safetensors)) {
  Deno.test(`safetensors ${name}: Python's file loads to its tensors, bit for bit`, () => {
    const bytes = read(`safetensors/${name}.safetensors`);
    const loaded = loadSafetensors(bytes);
    assert.deepEqual(Object.keys(loaded).sort(), Object.keys(c.tensors).sort());
    for (const [k, j] of Object.entries(c.tensors)) assertTensor(loaded[k], j, `${name}/${k}`);
    assert.deepEqual(readSafetensorsHeader(bytes).metadata, c.metadata);
  });
  if (!c.writable) continue;
  Deno.test(`safetensors ${name}: descent writes Python's bytes for the same tensors`, () => {
    const tensors: Record<string, Tensor> = {};
    for (const [k, j] of Object.entries(c.tensors)) {
      Object.defineProperty(tensors, k, { value: tensor(j as TensorJSON), enumerable: true });
    }
    const bytes = saveSafetensors(tensors, c.metadata as Record<string, string> | null);
    assert.deepEqual(bytes, read(`safetensors/${name}.safetensors`));
  });
}

Deno.test("safetensors: F16 and BF16 are read as the float32 values they denote", () => {
  const header = readSafetensorsHeader(read("safetensors/halves.safetensors"));
  assert.deepEqual(Object.values(header.tensors).map((e) => e.dtype), ["F32", "BF16", "F16"]);
  const t = loadSafetensors(read("safetensors/halves.safetensors"));
  assert.equal(
    String(t.h),
    "tensor([ 9.9976e-02, -0.0000e+00,         nan,         inf,        -inf,\n" +
      "         6.5504e+04,  5.9605e-08,  1.0014e-05, -2.5000e+00,  1.0000e+00])",
  );
});

const VERSIONS = { torch1, torch2 } as const;

for (const [dir, fx] of Object.entries(VERSIONS)) {
  const file = (name: string) => read(`${dir}/${name}.pt`);
  const v = `torch.save of PyTorch ${fx.torch}`;

  Deno.test(`${v}: every dtype, F16/BF16 as float32, 0-d and empty tensors`, () => {
    for (const name of ["dtypes", "halves"] as const) {
      const sd = loadTorch(file(name));
      assert.deepEqual(Object.keys(sd), Object.keys(fx[name]), name);
      for (const [k, j] of Object.entries(fx[name])) assertTensor(sd[k], j, `${name}/${k}`);
    }
  });

  Deno.test(`${v}: the legacy (non-zip) format reads the same`, () => {
    const sd = loadTorch(file("legacy"));
    for (const [k, j] of Object.entries(fx.dtypes)) assertTensor(sd[k], j, `legacy/${k}`);
  });

  Deno.test(`${v}: views keep their strides and offsets, and tied tensors share storage`, () => {
    const sd = loadTorch(file("views"));
    for (const [k, j] of Object.entries(fx.views)) {
      assertTensor(sd[k], j, `views/${k}`);
      assert.deepEqual(sd[k].stride(), j.stride, `${k}: stride`);
    }
    // One storage behind w, its transpose, its slices and its second name, as in PyTorch.
    sd.w.mul_(2);
    assert.deepEqual(sd.tied.toList(), sd.w.toList());
    assert.deepEqual(sd.t.toList(), sd.w.t().toList());
    assert.deepEqual(sd.row.toList(), sd.w.select(0, 2).toList());
    assert.deepEqual(sd.expanded.toList(), [[1, 2], [1, 2], [1, 2]]);
  });

  Deno.test(`${v}: a model's state dict, and its output for an input from its tensors`, () => {
    const sd = loadTorch(file("model"));
    for (const [k, j] of Object.entries(fx.model.state)) assertTensor(sd[k], j, `model/${k}`);
    const x = tensor(fx.model.input as TensorJSON);
    // Linear is addmm in PyTorch, with BLAS's order of summation: within 2 ulp of float32 here
    // (conformance/nn checks nn.Linear's bits once the weights are loaded into a module).
    const y = x.matmul(sd["0.weight"].t()).add(sd["0.bias"]).relu()
      .matmul(sd["2.weight"].t()).add(sd["2.bias"]);
    const expected = tensor(fx.model.output as TensorJSON);
    assert.ok(y.sub(expected).abs().max().item() < 1e-6, "the output of the loaded weights");
  });

  Deno.test(`${v}: a saved nn.Parameter is a tensor that requires grad`, () => {
    const p = loadTorchObject(file("parameter"));
    assert.ok(p instanceof Tensor);
    assert.equal(String(p), "tensor([[ 1., -2.]], requires_grad=True)");
    assert.throws(() => loadTorch(file("parameter")), {
      name: "TypeError",
      message: "loadTorch(): the file holds a tensor, not a state dict (use loadTorchObject)",
    });
  });

  Deno.test(`${v}: an optimizer's state dict: nested dicts, int keys, tuples, floats, None`, () => {
    const sd = loadTorchObject(file("optimizer"));
    assert.deepEqual(plain(sd), fx.optimizer);
    assert.throws(() => loadTorch(file("optimizer")), {
      name: "TypeError",
      message:
        `loadTorch(): the file's dict maps "state" to a dict, not names to tensors (use loadTorchObject)`,
    });
  });

  Deno.test(`${v}: a pickle that would call os.system is refused, naming the global`, () => {
    assert.throws(() => loadTorchObject(file("evil")), {
      name: "UnpicklingError",
      message:
        "Unsupported global: GLOBAL posix.system is not allowed: a torch.save file is read with the globals of a state dict only (tensors, storages, collections.OrderedDict), and nothing in it is executed",
    });
  });

  Deno.test(`${v}: a deflated archive and a big-endian byteorder are refused`, () => {
    assert.throws(() => loadTorch(file("deflated")), {
      name: "ZipError",
      message:
        'entry "model/data.pkl" is compressed (method 8, deflate); only stored entries are read, as torch.save writes them',
    });
    assert.throws(() => loadTorch(file("big_endian")), {
      name: "UnpicklingError",
      message: `the file's byteorder is "big"; descent reads little-endian files only`,
    });
  });
}

/** A loaded value in the fixture's form (see generate.py's optimizer_json). */
function plain(v: TorchValue): unknown {
  if (v instanceof Tensor) return { tensor: v.toJSON() };
  if (v instanceof Map) return { dict: [...v].map(([k, x]) => [plain(k), plain(x)]) };
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0))) return String(v);
  return v;
}
