import assert from "node:assert/strict";
import { AutogradFunction, backward, Function, type FunctionCtx, isGradEnabled } from "./mod.ts";
import { mul, Scalar } from "./testdata/scalar.ts";

class Identity extends AutogradFunction {
  static override forward(_ctx: FunctionCtx, x: Scalar): Scalar {
    return x;
  }
  static override backward(_ctx: FunctionCtx, g: Scalar): Scalar {
    return g;
  }
}

Deno.test("a Function returning its input gives a new alias; the input stays a leaf", () => {
  const x = new Scalar(2, true);
  const y = Identity.apply(x);
  assert.notEqual(y, x);
  assert.equal(x.isLeaf, true);
  assert.equal(x.gradFn, null);
  assert.equal(y.gradFn!.name(), "IdentityBackward");
  assert.equal(y._base, x, "a view of x, sharing its version counter");
  backward(y);
  assert.equal(x.grad!.value, 1);
  x.addInPlace(1);
  assert.equal(y.version, x.version);
  // the alias may not follow its base's change: its node would bypass the custom backward
  assert.throws(() => y.gradFn, {
    message:
      /^Output 0 of Identity is a view and its base or another view of its base has been modified inplace\. This view was created inside a custom Function/,
  });
  // without grad to record, the alias is still a new value
  const c = new Scalar(1);
  assert.notEqual(Identity.apply(c), c);
});

class Scale extends AutogradFunction {
  static override forward(_ctx: FunctionCtx, x: Scalar, k: number): Scalar {
    return mul(x, new Scalar(k));
  }
  static override backward(_ctx: FunctionCtx, g: Scalar): (Scalar | null)[] {
    return [g, g];
  }
}

Deno.test("a gradient for an argument that is not a value is PyTorch's error", () => {
  const x = new Scalar(2, true);
  const y = Scale.apply(x, 3);
  assert.equal(y.gradFn!.nextFunctions.length, 1, "edges for value arguments only, as PyTorch");
  assert.throws(() => backward(y), {
    message:
      "function ScaleBackward returned a gradient different than null at position 2, but the corresponding forward input was not a Variable",
  });
});

Deno.test("async forward or backward is refused with a TypeError", () => {
  class AsyncForward extends AutogradFunction {
    static override async forward(_ctx: FunctionCtx, x: Scalar): Promise<Scalar> {
      return await Promise.resolve(x);
    }
  }
  const x = new Scalar(2, true);
  assert.throws(() => AsyncForward.apply(x), {
    name: "TypeError",
    message: /^AsyncForward\.forward expects a synchronous function, got an async function/,
  });
  class PromiseForward extends AutogradFunction {
    static override forward(_ctx: FunctionCtx, x: Scalar): Promise<Scalar> {
      return Promise.resolve(x);
    }
  }
  assert.throws(() => PromiseForward.apply(x), {
    name: "TypeError",
    message: /^PromiseForward\.forward: the callback returned a Promise/,
  });
  assert.equal(isGradEnabled(), true);
  class AsyncBackward extends AutogradFunction {
    static override forward(_ctx: FunctionCtx, x: Scalar): Scalar {
      return mul(x, new Scalar(1));
    }
    static override async backward(_ctx: FunctionCtx, g: Scalar): Promise<Scalar> {
      return await Promise.resolve(g);
    }
  }
  assert.throws(() => AsyncBackward.apply(x), {
    name: "TypeError",
    message: /^AsyncBackward\.backward expects a synchronous function/,
  });
  class PromiseBackward extends AutogradFunction {
    static override forward(_ctx: FunctionCtx, x: Scalar): Scalar {
      return mul(x, new Scalar(1));
    }
    static override backward(_ctx: FunctionCtx, g: Scalar): Promise<Scalar> {
      return Promise.resolve(g);
    }
  }
  assert.throws(() => backward(PromiseBackward.apply(x)), {
    name: "TypeError",
    message: /^PromiseBackward\.backward: the callback returned a Promise/,
  });
  assert.equal(x.grad, null);
});

Deno.test("Function is AutogradFunction under PyTorch's name", () => {
  assert.equal(Function, AutogradFunction);
});
