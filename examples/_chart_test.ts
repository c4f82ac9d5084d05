import assert from "node:assert/strict";
import { svgChart, terminalChart, xyChart } from "./_chart.ts";

Deno.test("terminalChart: log axes, one label per power of ten, curves end at NaN", () => {
  const lines = terminalChart(
    [
      { label: "fast", values: [1, 1e-2, 1e-4, 1e-6] },
      { label: "blows up", values: [1, 10, Infinity, 5] },
    ],
    { yMin: 1e-6, yMax: 10, xMax: 3, xLog: false, xLabel: "step" },
    31,
    8,
  );
  // 8 rows for 7 decades: one power of ten per row. Both curves start at (0, 1); the later
  // one is drawn on top. "blows up" ends at the Infinity.
  assert.deepEqual(lines, [
    " 1e1 |      ooooo",
    " 1e0 |oooooo",
    "1e-1 |   *****",
    "1e-2 |        *****",
    "1e-3 |             *****",
    "1e-4 |                  *****",
    "1e-5 |                       *****",
    "1e-6 |                            ***",
    "     +-------------------------------",
    "      0         1         2         3",
    "      step",
    "* fast   o blows up",
  ]);
  const labels = lines.map((l) => l.split("|")[0].trim()).filter((l) => l.startsWith("1e"));
  assert.equal(new Set(labels).size, labels.length, "no power of ten twice");
});

Deno.test("xyChart scales both axes linearly", () => {
  const lines = xyChart(
    [
      { label: "a", mark: "*", xs: [0, 2, 4], ys: [0, 1, 0] },
      { label: "b", mark: "o", xs: [4], ys: [1] },
    ],
    5,
    3,
  );
  assert.deepEqual(lines, [
    "1.00 |  * o",
    "     |",
    "0.00 |*   *",
    "     +-----",
    "      0.00 4.00",
    "* a   o b",
  ]);
});

Deno.test("svgChart is well-formed and escapes labels", () => {
  const svg = svgChart([{ label: "a<b & c", values: [1, 0.1, NaN, 3] }], {
    yMin: 0.01,
    yMax: 10,
    xMax: 3,
    title: "t",
  });
  assert.ok(svg.includes(">a&lt;b &amp; c</text>"));
  // The curve stops at the NaN: two points.
  assert.equal(/points="([^"]*)"/.exec(svg)![1].split(" ").length, 2);
  // Tags balance.
  const open = (svg.match(/<(svg|text)\b/g) ?? []).length;
  const close = (svg.match(/<\/(svg|text)>/g) ?? []).length;
  assert.equal(open, close);
});
