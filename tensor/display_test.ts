import assert from "node:assert/strict";
import {
  arange,
  displayTensor,
  lineChart,
  type MimeBundle,
  type Tensor,
  tensor,
} from "@descent/tensor";
import { formatGrid } from "./format.ts";

const JUPYTER = Symbol.for("Jupyter.display");
const show = (t: Tensor): MimeBundle =>
  (t as unknown as Record<symbol, () => MimeBundle>)[JUPYTER]();
/** The cells of the HTML table, row by row. */
const cells = (html: string): string[][] =>
  [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((r) =>
    [...r[1].matchAll(/<td>(.*?)<\/td>/g)].map((c) => c[1])
  );
/** The element tokens of a printed tensor, in order (numbers and `...`). */
const printedTokens = (s: string): string[] =>
  s.replace(/^tensor\(/, "").replace(/, (dtype|grad_fn|requires_grad)=.*$/s, "")
    .match(/-?[\d.]+(e[+-]\d+)?|\.\.\.|nan|-?inf/g)!;

Deno.test("a tensor displays in Jupyter as its printed form and a table of the same elements", () => {
  const cases: Tensor[] = [
    tensor([[0.4963, 0.7682, 0.0885], [0.132, 0.3074, 0.6341]], { requiresGrad: true }),
    tensor([1, 2, 3], { dtype: "float32" }).mul(1e-5),
    tensor([[-1.5, 2], [3, 1e9]], { dtype: "float64" }),
    tensor([NaN, Infinity, -Infinity, 1]),
    arange(1200).reshape(40, 30).div(7), // summarised: 1200 > 1000 elements
    arange(2000).div(3), // summarised 1-D
    tensor([[1, -20], [300, 4]]), // int64
    arange(3000, undefined, 1, { dtype: "int32" }), // summarised int32
  ];
  for (const t of cases) {
    const d = show(t);
    assert.deepEqual(d, displayTensor(t));
    assert.equal(d["text/plain"], String(t));
    const rows = cells(d["text/html"]);
    assert.equal(rows.length, t.ndim === 1 ? 1 : Math.min(t.shape[0], 7));
    assert.deepEqual(
      rows.flat().filter((c) => c !== "..."),
      printedTokens(String(t)).filter((c) => c !== "..."),
    );
  }
  // The summary keeps three edge items each side, as the printed form.
  const big = cells(displayTensor(arange(1200).float().reshape(40, 30).add(1000))["text/html"]);
  assert.deepEqual(big[0], ["1000.", "1001.", "1002.", "...", "1027.", "1028.", "1029."]);
  assert.deepEqual(big[3], ["...", "...", "...", "...", "...", "...", "..."]);
  assert.deepEqual(big[6], ["2170.", "2171.", "2172.", "...", "2197.", "2198.", "2199."]);
});

Deno.test("the caption names dtype, shape and grad_fn or requires_grad", () => {
  const caption = (t: Tensor) =>
    displayTensor(t)["text/html"].match(/<caption[^>]*>(.*)<\/caption>/)![1];
  const x = tensor([[1, 2]], { dtype: "float64", requiresGrad: true });
  assert.equal(caption(x), "float64 · [1, 2] · requires_grad");
  assert.equal(caption(x.sum()), "float64 · [] · grad_fn=&lt;SumBackward0&gt;");
  assert.equal(caption(tensor([1, 2], { dtype: "float32" })), "float32 · [2]");
});

Deno.test("0-d and 3-D tensors display their printed form, escaped, in the table", () => {
  const t = tensor([[[1, 2]], [[3, 4]]], { dtype: "float32", requiresGrad: true }).mul(2);
  const html = displayTensor(t)["text/html"];
  assert(html.includes(`<pre>${String(t).replace(/</g, "&lt;").replace(/>/g, "&gt;")}</pre>`));
  assert(displayTensor(tensor(3.5))["text/html"].includes("<pre>tensor(3.5000)</pre>"));
});

Deno.test("a broadcast view displays from the elements shown, never materialised", () => {
  // 2^40 elements (4 TiB as float32): materialising them would throw.
  const t = tensor([[1.5], [-2]]).expand(2, 2 ** 40).t();
  const shown = show(t);
  assert.equal(shown["text/plain"], String(t));
  const grid = cells(shown["text/html"]);
  assert.equal(grid.length, 7);
  assert.deepEqual(grid[0], [" 1.5000", "-2.0000"].map((c) => c.trim()));
  assert.deepEqual(grid[3], ["...", "..."]);
});

Deno.test("formatGrid refuses ranks other than 1 and 2", () => {
  const input = {
    data: [1],
    shape: [],
    dtype: "float32",
    gradFnName: null,
    requiresGrad: false,
  } as const;
  assert.throws(() => formatGrid(input), {
    name: "RangeError",
    message: "formatGrid expects a 1-D or 2-D tensor, got shape []",
  });
  assert.deepEqual(formatGrid({ ...input, data: [], shape: [0] }), [[]]);
});

Deno.test("lineChart draws each series up to its first undrawable value, on a log scale", () => {
  const chart = lineChart([
    { label: "lr=1", values: [0.06, 0.036, 0.022] },
    { label: "lr=20 <diverges>", values: [0.06, 3, 800, Infinity, NaN] },
  ]);
  const polylines = [...chart.svg.matchAll(/<polyline [^>]*points="([^"]*)"/g)].map((m) =>
    m[1].split(" ").length
  );
  assert.deepEqual(polylines, [3, 3]);
  // Powers of ten from 1e-2 to 1e3 label the y axis.
  for (const e of [-2, -1, 0, 1, 2, 3]) assert(chart.svg.includes(`>1e${e}</text>`), `1e${e}`);
  assert(chart.svg.includes("lr=20 &lt;diverges&gt;"));
  assert.equal(
    String(chart),
    "lineChart: lr=1 3 points, last 2.2000e-02; lr=20 <diverges> 5 points, last 8.0000e+02",
  );
  const d = (chart as unknown as Record<symbol, () => MimeBundle>)[JUPYTER]();
  assert.deepEqual(Object.keys(d).sort(), ["image/svg+xml", "text/plain"]);
  assert.equal(d["image/svg+xml"], chart.svg);
  // A linear axis draws zero and negative values.
  assert.equal(
    [...lineChart([0, -1, 2], { logY: false }).svg.matchAll(/points="([^"]*)"/g)][0][1].split(" ")
      .length,
    3,
  );
});
