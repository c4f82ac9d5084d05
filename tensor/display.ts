/**
 * Rich display in notebooks. Deno's Jupyter kernel shows a value by calling its
 * `[Symbol.for("Jupyter.display")]()` method, which returns a MIME bundle: an object from MIME
 * type (`text/plain`, `text/html`, `image/svg+xml`, …) to content. A `Tensor` displays as its
 * printed form (`text/plain`, exactly `String(t)`) and, for 1-D and 2-D tensors, as a compact HTML
 * table of the same printed elements with dtype, shape and `grad_fn` in the caption
 * ({@linkcode displayTensor}). A number array, such as a loss history, displays as a line chart
 * ({@linkcode lineChart}); its SVG is also there for web pages.
 *
 * Anything else can display the same way: give it a `[Symbol.for("Jupyter.display")]()` method
 * that returns a {@linkcode MimeBundle}, built with these helpers (a module can show its
 * parameters' tables, a training run its loss chart).
 *
 * @module
 */

import { formatGrid, pyFormat } from "./format.ts";
import type { Tensor } from "./tensor.ts";
import { formatShape } from "@descent/autograd";

/** What a `[Symbol.for("Jupyter.display")]()` method returns: content by MIME type. */
export type MimeBundle = Record<string, string>;

const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * A tensor's rich display: `text/plain` is exactly `String(t)`; `text/html` is a table of the
 * printed elements for 1-D and 2-D tensors (summarised with `...` beyond 1000 elements, as the
 * printed form) or the printed form for other ranks, captioned with dtype, shape and `grad_fn`
 * (or `requires_grad`). `Tensor`'s `[Symbol.for("Jupyter.display")]()` calls it. PyTorch: none
 * (a notebook shows `repr(t)`); IPython's `_repr_html_` protocol.
 *
 * @param t The tensor.
 * @returns Its MIME bundle.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { displayTensor, tensor } from "@descent/tensor";
 * const t = tensor([[1, 2], [3, 4]], { dtype: "float32", requiresGrad: true }).mul(2);
 * const shown = displayTensor(t);
 * assert.equal(shown["text/plain"], String(t));
 * assert.match(shown["text/html"], /<td>8\.<\/td>/);
 * assert.match(shown["text/html"], /float32 · \[2, 2\] · grad_fn=&lt;MulBackward0&gt;/);
 * ```
 */
export function displayTensor(t: Tensor): MimeBundle {
  const text = String(t);
  const autograd = t.gradFn
    ? `grad_fn=<${t.gradFn.name()}>`
    : t.requiresGrad
    ? "requires_grad"
    : "";
  const caption = [t.dtype, `${formatShape(t.shape)}`, autograd].filter(Boolean).join(" · ");
  let body: string;
  if (t.ndim === 1 || t.ndim === 2) {
    // Read in place, as String(t) does: a broadcast view is never materialised.
    const grid = formatGrid({
      data: t._data,
      offset: t._offset,
      strides: t._strides,
      shape: t.shape,
      dtype: t.dtype,
      gradFnName: null,
      requiresGrad: false,
    });
    body = grid.map((row) => `<tr>${row.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("");
  } else {
    body = `<tr><td><pre>${escapeHtml(text)}</pre></td></tr>`;
  }
  const html = `<table class="descent-tensor" style="font-family:monospace;text-align:right">` +
    `<caption style="caption-side:bottom;text-align:left">${escapeHtml(caption)}</caption>` +
    `${body}</table>`;
  return { "text/plain": text, "text/html": html };
}

/** One curve of a {@linkcode lineChart}. */
export interface ChartSeries {
  /** Legend text, e.g. `lr=0.1`. */
  label: string;
  /** `values[i]` is drawn at x = i; the curve stops at the first value it cannot draw. */
  values: readonly number[];
}

/** Options of {@linkcode lineChart}. */
export interface LineChartOptions {
  /** Logarithmic y axis (default `true`: loss curves); values ≤ 0 then end a curve. */
  logY?: boolean;
  /** Title above the plot. */
  title?: string;
  /** Caption of the x axis (default `step`). */
  xLabel?: string;
  /** Caption of the y axis (default `loss`). */
  yLabel?: string;
  /** Size in pixels (default 640 × 320). */
  width?: number;
  /** Size in pixels. */
  height?: number;
}

const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"];

/**
 * A line chart of one or more number arrays: an SVG document, shown as an image by Jupyter.
 * Create one with {@linkcode lineChart}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LineChart, lineChart } from "@descent/tensor";
 * const chart = lineChart([
 *   { label: "lr=0.1", values: [0.5, 0.25] },
 *   { label: "lr=0.01", values: [0.5, 0.45] },
 * ], { logY: false });
 * assert(chart instanceof LineChart && chart.svg.includes("lr=0.01"));
 * ```
 */
export class LineChart {
  /** The chart as a standalone SVG document. */
  readonly svg: string;
  /** One line of text: the series and their last drawable values. */
  readonly summary: string;

  /**
   * A chart from its parts; {@linkcode lineChart} draws them.
   *
   * @param svg The SVG document.
   * @param summary The plain-text form.
   */
  constructor(svg: string, summary: string) {
    this.svg = svg;
    this.summary = summary;
  }

  /** @ignore Deno's Jupyter kernel: the SVG, and the summary as text. */
  [Symbol.for("Jupyter.display")](): MimeBundle {
    return { "image/svg+xml": this.svg, "text/plain": this.summary };
  }

  /**
   * The plain-text form.
   *
   * @returns The one-line summary.
   */
  toString(): string {
    return this.summary;
  }
}

/**
 * Draws number arrays (a loss history, or one per learning rate) as an SVG line chart, by
 * default on a log scale, the way loss curves are read. A value that cannot be drawn (NaN, ±∞,
 * or ≤ 0 on a log scale: a diverged run) ends its curve. PyTorch: none (matplotlib's
 * `plt.semilogy(losses)`).
 *
 * @param data One array, or labelled series.
 * @param options Axes, title and size.
 * @returns The chart: `.svg`, and a Jupyter display.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lineChart } from "@descent/tensor";
 * const chart = lineChart([0.06, 0.036, 0.022, 0.013], { title: "loss" });
 * assert(chart.svg.startsWith("<svg") && chart.svg.includes("<polyline"));
 * assert.equal(String(chart), "lineChart: loss 4 points, last 1.3000e-02");
 * ```
 */
export function lineChart(
  data: readonly number[] | readonly ChartSeries[],
  options: LineChartOptions = {},
): LineChart {
  const series: readonly ChartSeries[] = data.length > 0 && typeof data[0] === "number"
    ? [{ label: options.yLabel ?? "loss", values: data as readonly number[] }]
    : data as readonly ChartSeries[];
  const logY = options.logY ?? true;
  const W = options.width ?? 640, H = options.height ?? 320;
  const L = 64, R = series.length > 1 ? 110 : 16, T = options.title ? 28 : 12, B = 40;
  const pw = W - L - R, ph = H - T - B;
  const drawable = (v: number) => Number.isFinite(v) && (!logY || v > 0);
  // The drawable prefix of each series.
  const curves = series.map((s) => {
    let n = 0;
    while (n < s.values.length && drawable(s.values[n])) n++;
    return s.values.slice(0, n);
  });
  const all = curves.flat();
  const tr = logY ? Math.log10 : (v: number) => v;
  let lo = all.length ? Math.min(...all.map(tr)) : 0;
  let hi = all.length ? Math.max(...all.map(tr)) : 1;
  if (logY) [lo, hi] = [Math.floor(lo), Math.ceil(hi)];
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const xMax = Math.max(1, ...curves.map((c) => c.length - 1));
  const X = (i: number) => (L + (i / xMax) * pw).toFixed(1);
  const Y = (v: number) => (T + (1 - (tr(v) - lo) / (hi - lo)) * ph).toFixed(1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect x="${L}" y="${T}" width="${pw}" height="${ph}" fill="white" stroke="#888"/>`,
  ];
  const yTicks = logY
    ? Array.from({ length: hi - lo + 1 }, (_, k) => 10 ** (lo + k))
    : Array.from({ length: 5 }, (_, k) => lo + ((hi - lo) * k) / 4);
  for (const v of yTicks) {
    const label = logY ? `1e${Math.round(Math.log10(v))}` : Number(v.toPrecision(3)).toString();
    parts.push(
      `<line x1="${L}" x2="${L + pw}" y1="${Y(v)}" y2="${Y(v)}" stroke="#eee"/>`,
      `<text x="${L - 4}" y="${Y(v)}" text-anchor="end" dominant-baseline="middle">${label}</text>`,
    );
  }
  // x ticks every 1, 2 or 5 × 10^k steps, about five of them.
  const p = 10 ** Math.floor(Math.log10(xMax / 5));
  const step = Math.max(1, [p, 2 * p, 5 * p, 10 * p].find((s) => s >= xMax / 5)!);
  for (let i = 0; i <= xMax; i += step) {
    parts.push(`<text x="${X(i)}" y="${T + ph + 14}" text-anchor="middle">${i}</text>`);
  }
  parts.push(
    `<text x="${L + pw / 2}" y="${H - 6}" text-anchor="middle">${
      escapeHtml(options.xLabel ?? "step")
    }</text>`,
    `<text transform="translate(12 ${T + ph / 2}) rotate(-90)" text-anchor="middle">${
      escapeHtml(options.yLabel ?? "loss")
    }${logY ? " (log)" : ""}</text>`,
  );
  if (options.title) {
    parts.push(`<text x="${L}" y="${T - 10}" font-size="13">${escapeHtml(options.title)}</text>`);
  }
  curves.forEach((c, k) => {
    const color = COLORS[k % COLORS.length];
    const pts = c.map((v, i) => `${X(i)},${Y(v)}`).join(" ");
    if (c.length > 0) {
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts}"/>`);
    }
    if (series.length > 1) {
      const y = T + 12 + 16 * k;
      parts.push(
        `<line x1="${L + pw + 8}" x2="${
          L + pw + 24
        }" y1="${y}" y2="${y}" stroke="${color}" stroke-width="2"/>`,
        `<text x="${L + pw + 28}" y="${y}" dominant-baseline="middle">${
          escapeHtml(series[k].label)
        }</text>`,
      );
    }
  });
  parts.push("</svg>");
  const summary = "lineChart: " + series.map((s, k) => {
    const c = curves[k];
    const last = c.length ? `, last ${pyFormat(c[c.length - 1], 4, true)}` : "";
    return `${s.label} ${s.values.length} points${last}`;
  }).join("; ");
  return new LineChart(parts.join(""), summary);
}
