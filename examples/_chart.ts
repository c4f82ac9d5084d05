/**
 * The examples' charts: a log-scale loss chart for the terminal and the same chart as SVG, and
 * an x-y scatter for the terminal.
 *
 * @module
 */

import { fixed } from "./_format.ts";

/** One curve of a chart: `values[i]` is the loss after `i` steps. */
export interface Series {
  /** Legend text, e.g. `lr=0.1`. */
  readonly label: string;
  /** The y values; non-finite values end the curve. */
  readonly values: readonly number[];
}

/** Axes of {@linkcode terminalChart} and {@linkcode svgChart}. */
export interface ChartOptions {
  /** Lowest y shown (log scale; smaller values are drawn on the bottom edge). */
  readonly yMin: number;
  /** Highest y shown (larger values are drawn on the top edge). */
  readonly yMax: number;
  /** Highest x (step) shown. */
  readonly xMax: number;
  /** Draw x on a log scale of `step + 1` (default) or, when `false`, linearly. */
  readonly xLog?: boolean;
  /** Title line. */
  readonly title?: string;
  /** Axis captions. */
  readonly xLabel?: string;
  /** Axis captions. */
  readonly yLabel?: string;
}

const MARKS = "*o+x#@%&=~";

/** Position of `step` in [0, 1]: on a log scale of `step + 1`, or linear. */
function xFraction(step: number, o: ChartOptions): number {
  if (o.xLog === false) return o.xMax > 0 ? step / o.xMax : 0;
  return Math.log10(step + 1) / Math.log10(o.xMax + 1);
}

/** Steps that get an x tick: 0, 1, 10, 100, … (log) or multiples of 1, 2 or 5 × 10^k. */
function xTicks(o: ChartOptions): number[] {
  const ticks: number[] = [];
  if (o.xLog === false) {
    const raw = o.xMax / 5;
    const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
    const step = [1, 2, 5, 10].map((m) => m * p).find((v) => v >= raw) ?? 10 * p;
    for (let t = 0; t <= o.xMax; t += step) ticks.push(t);
  } else {
    for (let t = 0; t <= o.xMax; t = t === 0 ? 1 : t * 10) ticks.push(t);
  }
  return ticks;
}

/** Position of `y` on a log scale in [0, 1], clamped. */
function yFraction(y: number, o: ChartOptions): number {
  const lo = Math.log10(o.yMin), hi = Math.log10(o.yMax);
  const f = y > 0 ? (Math.log10(y) - lo) / (hi - lo) : 0;
  return Math.min(1, Math.max(0, f));
}

/** The finite prefix of a curve as points `[step, value]`, stopping at the first NaN/∞. */
function points(values: readonly number[], xMax: number): [number, number][] {
  const pts: [number, number][] = [];
  for (let i = 0; i < values.length && i <= xMax; i++) {
    if (!Number.isFinite(values[i])) break;
    pts.push([i, values[i]]);
  }
  return pts;
}

/**
 * A line chart for the terminal: one mark per curve (`*`, `o`, `+`, …), the y axis on a log
 * scale labelled in powers of ten, the x axis in steps (log scale of step + 1, or linear).
 * Where curves cross, the later one is drawn on top.
 *
 * @param series The curves.
 * @param o Axes.
 * @param width Plot columns.
 * @param height Plot rows.
 * @returns The lines of the chart, legend last.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { terminalChart } from "./_chart.ts";
 * const lines = terminalChart([{ label: "a", values: [1, 0.1, 0.01] }], { yMin: 0.01, yMax: 1, xMax: 2 }, 20, 5);
 * assert(lines.some((l) => l.includes("*")));
 * assert(lines.at(-1)!.includes("* a"));
 * ```
 */
export function terminalChart(
  series: readonly Series[],
  o: ChartOptions,
  width = 60,
  height = 16,
): string[] {
  const grid = Array.from({ length: height }, () => new Array<string>(width).fill(" "));
  const col = (step: number): number => Math.round(xFraction(step, o) * (width - 1));
  const row = (y: number): number => Math.round((1 - yFraction(y, o)) * (height - 1));
  series.forEach((s, k) => {
    const mark = MARKS[k % MARKS.length];
    const pts = points(s.values, o.xMax);
    for (let p = 0; p < pts.length; p++) {
      const [x0, y0] = pts[p];
      const c0 = col(x0), r0 = row(y0);
      grid[r0][c0] = mark;
      if (p + 1 < pts.length) {
        // Join to the next point column by column, interpolating the row.
        const c1 = col(pts[p + 1][0]), r1 = row(pts[p + 1][1]);
        for (let c = c0 + 1; c < c1; c++) {
          grid[Math.round(r0 + ((r1 - r0) * (c - c0)) / (c1 - c0))][c] = mark;
        }
      }
    }
  });
  // Label the row of each power of ten in range.
  const labels = grid.map(() => "");
  for (let e = Math.ceil(Math.log10(o.yMin)); e <= Math.floor(Math.log10(o.yMax)); e++) {
    labels[row(10 ** e)] = `1e${e}`;
  }
  const lw = Math.max(...labels.map((l) => l.length));
  const lines: string[] = [];
  if (o.title) lines.push(o.title);
  if (o.yLabel) lines.push(o.yLabel);
  grid.forEach((cells, r) => lines.push(`${labels[r].padStart(lw)} |${cells.join("")}`.trimEnd()));
  lines.push(`${" ".repeat(lw)} +${"-".repeat(width)}`);
  const ticks = new Array<string>(width + lw + 2).fill(" ");
  for (const t of xTicks(o)) {
    const text = String(t);
    const at = lw + 2 + col(t);
    const start = Math.min(at, ticks.length - text.length);
    for (let j = 0; j < text.length; j++) ticks[start + j] = text[j];
  }
  lines.push(ticks.join("").trimEnd());
  if (o.xLabel) lines.push(`${" ".repeat(lw + 2)}${o.xLabel}`);
  lines.push(series.map((s, k) => `${MARKS[k % MARKS.length]} ${s.label}`).join("   "));
  return lines;
}

const COLORS = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The same log-log chart as {@linkcode terminalChart}, as a standalone SVG document.
 *
 * @param series The curves.
 * @param o Axes.
 * @returns The SVG text.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { svgChart } from "./_chart.ts";
 * const svg = svgChart([{ label: "lr=1", values: [1, 0.5] }], { yMin: 0.1, yMax: 1, xMax: 1 });
 * assert(svg.startsWith("<svg") && svg.includes("<polyline") && svg.includes("lr=1"));
 * ```
 */
export function svgChart(series: readonly Series[], o: ChartOptions): string {
  const W = 720, H = 420, L = 70, R = 150, T = 40, B = 50;
  const pw = W - L - R, ph = H - T - B;
  const X = (step: number): number => L + xFraction(step, o) * pw;
  const Y = (y: number): number => T + (1 - yFraction(y, o)) * ph;
  const n2 = (v: number): string => v.toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<rect x="${L}" y="${T}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`,
  ];
  for (let e = Math.ceil(Math.log10(o.yMin)); e <= Math.floor(Math.log10(o.yMax)); e++) {
    const y = n2(Y(10 ** e));
    parts.push(
      `<line x1="${L}" y1="${y}" x2="${L + pw}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${L - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">1e${e}</text>`,
    );
  }
  for (const t of xTicks(o)) {
    const x = n2(X(t));
    parts.push(
      `<line x1="${x}" y1="${T}" x2="${x}" y2="${T + ph}" stroke="#eee"/>`,
      `<text x="${x}" y="${T + ph + 16}" text-anchor="middle">${t}</text>`,
    );
  }
  if (o.title) {
    parts.push(`<text x="${L}" y="${T - 14}" font-size="14">${escapeXml(o.title)}</text>`);
  }
  if (o.xLabel) {
    parts.push(
      `<text x="${L + pw / 2}" y="${H - 12}" text-anchor="middle">${escapeXml(o.xLabel)}</text>`,
    );
  }
  if (o.yLabel) {
    parts.push(
      `<text transform="translate(16 ${T + ph / 2}) rotate(-90)" text-anchor="middle">${
        escapeXml(o.yLabel)
      }</text>`,
    );
  }
  series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length];
    const pts = points(s.values, o.xMax).map(([i, v]) => `${n2(X(i))},${n2(Y(v))}`);
    if (pts.length > 0) {
      parts.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(" ")}"/>`,
      );
    }
    const ly = T + 10 + 20 * k;
    parts.push(
      `<line x1="${L + pw + 12}" y1="${ly}" x2="${
        L + pw + 36
      }" y2="${ly}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${L + pw + 42}" y="${ly}" dominant-baseline="middle">${escapeXml(s.label)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

/** One set of points of {@linkcode xyChart}. */
export interface XYSeries {
  /** Legend text. */
  readonly label: string;
  /** The mark drawn at each point, one character. */
  readonly mark: string;
  /** x coordinates. */
  readonly xs: ArrayLike<number>;
  /** y coordinates, same length. */
  readonly ys: ArrayLike<number>;
}

/**
 * A scatter chart for the terminal with linear axes: each point is drawn as its series'
 * mark (later series on top), with the axis ranges printed at the corners.
 *
 * @param series The point sets.
 * @param width Plot columns.
 * @param height Plot rows.
 * @returns The lines of the chart, legend last.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { xyChart } from "./_chart.ts";
 * const lines = xyChart([{ label: "y = x", mark: "*", xs: [0, 1, 2], ys: [0, 1, 2] }], 3, 3);
 * assert.deepEqual(lines.slice(0, 3), ["2.00 |  *", "     | *", "0.00 |*"]);
 * ```
 */
export function xyChart(series: readonly XYSeries[], width = 60, height = 16): string[] {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.xs.length; i++) {
      x0 = Math.min(x0, s.xs[i]);
      x1 = Math.max(x1, s.xs[i]);
      y0 = Math.min(y0, s.ys[i]);
      y1 = Math.max(y1, s.ys[i]);
    }
  }
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) y1 = y0 + 1;
  const grid = Array.from({ length: height }, () => new Array<string>(width).fill(" "));
  for (const s of series) {
    for (let i = 0; i < s.xs.length; i++) {
      const c = Math.round(((s.xs[i] - x0) / (x1 - x0)) * (width - 1));
      const r = Math.round((1 - (s.ys[i] - y0) / (y1 - y0)) * (height - 1));
      if (r >= 0 && r < height && c >= 0 && c < width) grid[r][c] = s.mark;
    }
  }
  const top = fixed(y1, 2), bottom = fixed(y0, 2);
  const lw = Math.max(top.length, bottom.length);
  const lines = grid.map((cells, r) => {
    const label = r === 0 ? top : r === height - 1 ? bottom : "";
    return `${label.padStart(lw)} |${cells.join("")}`.trimEnd();
  });
  lines.push(`${" ".repeat(lw)} +${"-".repeat(width)}`);
  const left = fixed(x0, 2), right = fixed(x1, 2);
  lines.push(
    `${" ".repeat(lw + 2)}${left}${
      right.padStart(Math.max(width - left.length, right.length + 1))
    }`,
  );
  lines.push(series.map((s) => `${s.mark} ${s.label}`).join("   "));
  return lines;
}
