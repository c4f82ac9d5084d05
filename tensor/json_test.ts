import assert from "node:assert/strict";
import { type DType, tensor, type TensorJSON } from "./mod.ts";
import { isTensorJSON } from "./json.ts";

/** The bits of every value, so that NaN, -0 and float32 rounding compare exactly. */
function bits(t: ReturnType<typeof tensor>): string {
  return Array.from(new Uint8Array(new Float64Array(t.detach().toTypedArray()).buffer)).join();
}

Deno.test("toJSON then tensor() gives the same dtype, shape and bits, for every dtype", () => {
  const cases: [DType, number[] | boolean[]][] = [
    ["float32", [0.1, -0, NaN, Infinity, -Infinity, 3.4028234663852886e38, 1e-45, 0]],
    ["float64", [0.1, -0, NaN, Infinity, -Infinity, Number.MAX_VALUE, 5e-324, 1 / 3]],
    ["int64", [0, -1, 2 ** 53 - 1, -(2 ** 53 - 1), 7, 8, 9, 10]],
    ["int32", [0, -1, 2 ** 31 - 1, -(2 ** 31), 7, 8, 9, 10]],
    ["uint8", [0, 1, 255, 128, 7, 8, 9, 10]],
    ["bool", [true, false, true, true, false, false, true, false]],
  ];
  for (const [dtype, values] of cases) {
    const t = tensor(values, { dtype }).reshape(2, 2, 2).transpose(0, 2); // a strided view
    const json = JSON.parse(JSON.stringify(t));
    assert.deepEqual(Object.keys(json), ["dtype", "shape", "data"]);
    const back = tensor(json);
    assert.equal(back.dtype, dtype);
    assert.deepEqual(back.shape, [2, 2, 2]);
    assert.equal(bits(back), bits(t.contiguous()), dtype);
    assert.equal(String(back), String(t));
  }
});

Deno.test("toJSON's data: numbers, the four special values as strings, booleans for bool", () => {
  assert.deepEqual(tensor([NaN, -0, 0, -Infinity, Infinity, 1.5], { dtype: "float64" }).toJSON(), {
    dtype: "float64",
    shape: [6],
    data: ["NaN", "-0", 0, "-Infinity", "Infinity", 1.5],
  });
  assert.deepEqual(tensor(0.1).toJSON(), {
    dtype: "float32",
    shape: [],
    data: [0.10000000149011612],
  });
  assert.deepEqual(tensor([[true], [false]]).toJSON(), {
    dtype: "bool",
    shape: [2, 1],
    data: [true, false],
  });
  assert.deepEqual(tensor([], { dtype: "int32" }).toJSON(), {
    dtype: "int32",
    shape: [0],
    data: [],
  });
});

Deno.test("toJSON reads a tensor that requires grad and leaves its autograd state out", () => {
  const x = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  assert.equal(JSON.stringify(x.mul(2)), '{"dtype":"float32","shape":[2],"data":[2,4]}');
  assert.equal(JSON.stringify({ w: x }), '{"w":{"dtype":"float32","shape":[2],"data":[1,2]}}');
});

Deno.test("tensor(json) takes dtype and requiresGrad options", () => {
  const json: TensorJSON = { dtype: "float64", shape: [2], data: [1.7, -2.5] };
  assert.equal(String(tensor(json, { dtype: "int64" })), "tensor([ 1, -2])");
  assert.equal(
    String(tensor(json, { requiresGrad: true })),
    "tensor([ 1.7000, -2.5000], dtype=torch.float64, requires_grad=True)",
  );
  assert.equal(
    String(tensor({ dtype: "bool", shape: [2], data: [1, 0] })),
    "tensor([ True, False])",
  );
  assert.throws(
    () => tensor({ dtype: "int32", shape: [1], data: [1] }, { requiresGrad: true }),
    {
      name: "Error",
      message: "Only Tensors of floating point and complex dtype can require gradients",
    },
  );
});

Deno.test("tensor(json) says what is wrong with malformed data", () => {
  const bad = (json: unknown, err: { name: string; message: string }) =>
    assert.throws(() => tensor(json as TensorJSON), err);
  bad({ dtype: "float16", shape: [1], data: [1] }, {
    name: "TypeError",
    message:
      'tensor(): argument \'dtype\' must be one of "bool", "uint8", "int32", "int64", "float32", "float64", not "float16"',
  });
  bad({ dtype: "float32", shape: [2], data: [1] }, {
    name: "RangeError",
    message: "tensor(): shape [2] is invalid for input of size 1",
  });
  bad({ dtype: "float32", shape: [1.5], data: [1] }, {
    name: "TypeError",
    message: "tensor(): the shape of a TensorJSON must be an array of integers ≥ 0, got [1.5]",
  });
  bad({ dtype: "float32", shape: [1], data: "1" }, {
    name: "TypeError",
    message: "tensor(): the data of a TensorJSON must be an array",
  });
  bad({ dtype: "float32", shape: [2], data: [1, "nan"] }, {
    name: "TypeError",
    message:
      'tensor(): data[1] of a TensorJSON must be a number ("NaN", "Infinity", "-Infinity" and "-0" as strings), got "nan"',
  });
  bad({ dtype: "float32", shape: [1], data: [null] }, {
    name: "TypeError",
    message:
      'tensor(): data[0] of a TensorJSON must be a number ("NaN", "Infinity", "-Infinity" and "-0" as strings), got null',
  });
  bad({ dtype: "uint8", shape: [2], data: [3, 256] }, {
    name: "RangeError",
    message: "tensor(): data[1] of a TensorJSON is 256: a uint8 value is an integer in [0, 255]",
  });
  bad({ dtype: "int64", shape: [1], data: [2 ** 53] }, {
    name: "RangeError",
    message:
      "tensor(): data[0] of a TensorJSON is 9007199254740992: a int64 value is an integer in [-9007199254740991, 9007199254740991]",
  });
  bad({ dtype: "int32", shape: [1], data: [0.5] }, {
    name: "RangeError",
    message:
      "tensor(): data[0] of a TensorJSON is 0.5: a int32 value is an integer in [-2147483648, 2147483647]",
  });
  bad({ dtype: "bool", shape: [1], data: [2] }, {
    name: "RangeError",
    message: "tensor(): data[0] of a TensorJSON is 2: a bool value is an integer in [0, 1]",
  });
});

Deno.test("isTensorJSON: exactly the keys dtype, shape and data", () => {
  assert.ok(isTensorJSON({ dtype: "float32", shape: [], data: [1] }));
  assert.ok(!isTensorJSON({ dtype: "float32", shape: [], data: [1], extra: 1 }));
  assert.ok(!isTensorJSON({ dtype: "float32", shape: [] }));
  assert.ok(!isTensorJSON(tensor([1])));
  assert.ok(!isTensorJSON([1]));
  assert.ok(!isTensorJSON(null));
});
