/**
 * Every op `@descent/tensor` exports, and every `Tensor` member, has a PyTorch conformance case
 * in the op table or a reasoned exemption.
 */

import assert from "node:assert/strict";
import * as api from "@descent/tensor";
import { coverageProblems, coveredNames, EXEMPT, publicNames } from "./coverage.ts";

Deno.test("coverage: every public op has a PyTorch case or a reasoned exemption", (): void => {
  const problems = coverageProblems(publicNames(api), coveredNames(), EXEMPT);
  assert.equal(problems.length, 0, `\n${problems.join("\n")}`);
});

Deno.test("coverage: lists exports, Tensor methods, getters, attributes and inherited members", () => {
  const names = publicNames(api);
  for (const name of ["add", "bmm", "Tensor", "Tensor.add", "Tensor.T", "Tensor.shape"]) {
    assert.ok(names.includes(name), name);
  }
  assert.ok(names.includes("Tensor.registerHook"), "a member inherited from Variable");
  assert.ok(names.includes("Tensor[Symbol(Deno.customInspect)]"));
  assert.ok(!names.some((n) => n.startsWith("Tensor._") || n === "Tensor.constructor"));
  // a namespace (torch.linalg) is covered member by member
  assert.ok(names.includes("linalg.solve") && names.includes("linalg.LinAlgError"));
  assert.ok(!names.includes("linalg"));
});

Deno.test("coverage: a new export without a case fails, naming it and what to add", () => {
  const fake = { ...api, lgamma: (x: api.Tensor) => x };
  const problems = coverageProblems(publicNames(fake), coveredNames(), EXEMPT);
  assert.equal(problems.length, 1);
  assert.match(
    problems[0],
    /^lgamma has no PyTorch conformance case: add an entry calling it to OPS/,
  );
  assert.match(problems[0], /conformance\/ops\/op_table\.ts/);
  assert.match(problems[0], /EXEMPT in conformance\/coverage\.ts/);
});

Deno.test("coverage: a new Tensor method without a case fails too", () => {
  class Tensor extends api.Tensor {
    lgamma(): api.Tensor {
      return this;
    }
  }
  const problems = coverageProblems(publicNames({ ...api, Tensor }), coveredNames(), EXEMPT);
  assert.deepEqual(problems.map((p) => p.split(" ")[0]), ["Tensor.lgamma"]);
});

Deno.test("coverage: stale exemptions and calls of names that are not public fail", () => {
  const names = publicNames(api).filter((n) => n !== "rand" && n !== "bmm");
  const problems = coverageProblems(names, coveredNames(), EXEMPT);
  assert.deepEqual(problems, [
    "EXEMPT lists rand, which is not public",
    "the op table calls bmm, which is not public",
  ]);
});
