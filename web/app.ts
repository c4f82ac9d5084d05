/**
 * The interactive tutorial (`web/index.html`, built by `deno task build` into `dist/web/`): the
 * tutorial's loop on descent, one step at a time, with `y` and `pred` as live matrices, PyTorch's
 * `'%d-th Loss : %.4e'` transcript, the loss curve on a log scale, and what a too large learning
 * rate does, in English and Korean. A static page: no server code, no framework.
 *
 * @module
 */

/// <reference lib="dom" />

import { mseLoss } from "@descent/losses";
import {
  displayTensor,
  floatTensor,
  lineChart,
  manualSeed,
  matmul,
  pyFormat,
  rand,
  randLike,
  type Tensor,
} from "@descent/tensor";

/** The tutorial's target, `torch.FloatTensor([[.1,.2,.3],[.4,.5,.6],[.7,.8,.9]])`. */
const TARGET = [[.1, .2, .3], [.4, .5, .6], [.7, .8, .9]];
/** A run stops as diverged once the loss exceeds its start by this factor (as the example). */
const DIVERGENCE_FACTOR = 1000;
/** A run gives up after this many steps. */
const MAX_ITERS = 1000;

type Lang = "en" | "ko";

/** How a run ended, kept so that a language switch can say it again. */
type Outcome =
  | { kind: "converged"; steps: number; threshold: number }
  | { kind: "diverged"; steps: number; lr: number; first: number; last: number }
  | { kind: "stopped"; steps: number; lr: number; last: number; threshold: number }
  | { kind: "bad-threshold"; text: string };

/** 1 - 2·lr/n: what one step multiplies the error by (mean-squared error over n = 9 values). */
const factor = (lr: number): string => (1 - (2 * lr) / 9).toPrecision(4);
const sci = (x: number): string => pyFormat(x, 4, true);

const TEXT: Record<Lang, Record<string, string>> = {
  en: {
    title: "Gradient descent with autograd",
    switch: "한국어",
    intro:
      "The tutorial this project grew from: a target y, a random pred that requires grad, the mean-squared error between them, and a loop that steps pred against its gradient until the loss is below a threshold. The page runs it with descent, in your browser, and prints what PyTorch prints.",
    lr: "learning rate (lr)",
    threshold: "threshold",
    run: "Run again",
    hint:
      "Try lr = 4.5 (one step), lr = 8.9 (it overshoots every step but converges) and lr above 9 (it diverges).",
    target: "target y",
    pred: "pred",
    curve: "loss (log scale)",
    step: "step",
    loss: "loss",
    transcript: "Transcript",
    threadsTitle: "Matrix products on helper threads",
    threadsIntro:
      "Large products run in WebAssembly on this thread and on helper threads, which need shared memory: the page must be cross-origin isolated (served with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp). Without them the product runs on this thread alone and gives the same numbers.",
    multiply: "Multiply two 512×512 matrices",
    isolated: "cross-origin isolated: helper threads available",
    notIsolated: "not cross-origin isolated: no helper threads, one thread does all the work",
    footer:
      "descent: PyTorch-style tensors and autograd for TypeScript. This page is static files.",
  },
  ko: {
    title: "자동 미분(autograd)으로 하는 경사 하강법",
    switch: "English",
    intro:
      "이 프로젝트의 출발점이 된 튜토리얼입니다. 목표 y, 기울기를 요구하는(requires grad) 무작위 pred, 둘 사이의 평균제곱오차를 두고, 손실이 임계값 아래로 내려갈 때까지 pred를 기울기의 반대 방향으로 옮기는 반복문을 돌립니다. 이 페이지는 그 반복문을 브라우저에서 descent로 실행하고, PyTorch가 출력하는 것과 똑같이 출력합니다.",
    lr: "학습률(lr)",
    threshold: "임계값",
    run: "다시 실행",
    hint:
      "lr = 4.5(한 번에 도착), lr = 8.9(매번 지나치지만 수렴), 그리고 9보다 큰 lr(발산)을 시험해 보세요.",
    target: "목표 y",
    pred: "pred",
    curve: "손실(로그 눈금)",
    step: "스텝",
    loss: "손실",
    transcript: "출력",
    threadsTitle: "보조 스레드에서 하는 행렬 곱",
    threadsIntro:
      "큰 행렬 곱은 WebAssembly로 이 스레드와 보조 스레드에서 함께 계산합니다. 보조 스레드에는 공유 메모리가 필요하므로 페이지가 교차 출처 격리(cross-origin isolated) 상태여야 합니다(Cross-Origin-Opener-Policy: same-origin, Cross-Origin-Embedder-Policy: require-corp 헤더로 제공). 격리되지 않으면 이 스레드 혼자 계산하며, 결과는 같습니다.",
    multiply: "512×512 행렬 두 개 곱하기",
    isolated: "교차 출처 격리됨: 보조 스레드 사용 가능",
    notIsolated: "교차 출처 격리되지 않음: 보조 스레드 없이 한 스레드가 모두 계산",
    footer: "descent: TypeScript용 PyTorch 방식 텐서와 자동 미분. 이 페이지는 정적 파일입니다.",
  },
};

/** The outcome of a run in words. */
function explain(o: Outcome, lang: Lang): string {
  const en = lang === "en";
  switch (o.kind) {
    case "bad-threshold":
      return en
        ? `The threshold must be a positive number, not "${o.text}".`
        : `임계값은 양수여야 합니다("${o.text}"은(는) 쓸 수 없습니다).`;
    case "converged":
      return en
        ? `Converged: after ${o.steps} steps the loss is below ${sci(o.threshold)}.`
        : `수렴했습니다: ${o.steps}번 만에 손실이 ${sci(o.threshold)}보다 작아졌습니다.`;
    case "diverged": {
      const how = Number.isFinite(o.last)
        ? (en
          ? `grew from ${sci(o.first)} to ${sci(o.last)}`
          : `${sci(o.first)}에서 ${sci(o.last)}(으)로 커졌습니다`)
        : (en ? `is ${o.last}` : `${o.last}이(가) 되었습니다`);
      return en
        ? `Diverged at iteration ${o.steps}: the loss ${how}; lr = ${o.lr} is too large. With the mean-squared error over 9 elements, each step multiplies the error by 1 - 2*lr/9 = ${
          factor(o.lr)
        }: beyond -1 every step overshoots the target by more than the last, so only 0 < lr < 9 converges.`
        : `${o.steps}번째 반복에서 발산했습니다: 손실이 ${how}. lr = ${o.lr}은(는) 너무 큽니다. 원소 9개의 평균제곱오차에서는 한 스텝마다 오차에 1 - 2*lr/9 = ${
          factor(o.lr)
        }이(가) 곱해집니다. 이 값이 -1보다 작으면 매 스텝 목표를 지난번보다 더 크게 지나치므로, 0 < lr < 9일 때만 수렴합니다.`;
    }
    case "stopped": {
      const falling = Math.abs(1 - (2 * o.lr) / 9) < 1;
      return en
        ? `Stopped after ${o.steps} steps: the loss ${sci(o.last)} is still not below ${
          sci(o.threshold)
        }; ${
          falling
            ? "it is still falling: raise lr"
            : `it has stalled: each step multiplies the error by ${factor(o.lr)}`
        }.`
        : `${o.steps}번 반복 후 멈췄습니다: 손실 ${sci(o.last)}이(가) 아직 ${
          sci(o.threshold)
        }보다 작지 않습니다. ${
          falling
            ? "손실은 줄고 있으니 lr을 키워 보세요"
            : `더 줄지 않습니다: 한 스텝마다 오차에 ${factor(o.lr)}이(가) 곱해집니다`
        }.`;
    }
  }
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

let lang: Lang = new URLSearchParams(location.search).get("lang") === "ko" ||
    (navigator.language.startsWith("ko") &&
      new URLSearchParams(location.search).get("lang") !== "en")
  ? "ko"
  : "en";
let outcome: Outcome | null = null;
let runId = 0;

function applyLanguage(): void {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll<HTMLElement>("[data-text]")) {
    el.textContent = TEXT[lang][el.dataset.text!];
  }
  $("outcome").textContent = outcome ? explain(outcome, lang) : "";
  $("outcome").dataset.kind = outcome?.kind ?? "";
  $("threads").textContent = threadsLine();
  drawCurve();
}

const table = (t: Tensor): string => displayTensor(t)["text/html"];

let curve: number[] = [];

function drawCurve(): void {
  const labels = { xLabel: TEXT[lang].step, yLabel: TEXT[lang].loss };
  $("curve").innerHTML = lineChart(curve, { width: 520, height: 260, ...labels }).svg;
}

function show(pred: Tensor, losses: number[], transcript: string[]): void {
  $("pred").innerHTML = table(pred);
  curve = losses;
  drawCurve();
  $("transcript").textContent = transcript.join("\n") + "\n";
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The tutorial's loop, one step at a time, redrawing after each. */
async function run(): Promise<void> {
  const id = ++runId;
  document.body.dataset.state = "running";
  outcome = null;
  applyLanguage();
  const lr = Number(($("lr") as HTMLInputElement).value);
  const text = ($("threshold") as HTMLInputElement).value.trim();
  const threshold = Number(text);
  if (!(threshold > 0) || !Number.isFinite(threshold)) {
    outcome = { kind: "bad-threshold", text };
    applyLanguage();
    document.body.dataset.state = "done";
    return;
  }
  manualSeed(0);
  const y = floatTensor(TARGET);
  $("y").innerHTML = table(y);
  let pred = randLike(y, { requiresGrad: true });
  const transcript = [String(pred)];
  let loss = mseLoss(y, pred);
  const losses = [loss.item()];
  // PyTorch compares the float32 loss with the Python float in float32.
  const limit = Math.fround(threshold);
  show(pred, losses, transcript);
  let i = 0;
  for (;;) {
    if (losses[i] < limit) {
      outcome = { kind: "converged", steps: i, threshold };
      transcript.push(String(pred));
      break;
    }
    if (!Number.isFinite(losses[i]) || losses[i] > DIVERGENCE_FACTOR * losses[0]) {
      outcome = { kind: "diverged", steps: i, lr, first: losses[0], last: losses[i] };
      break;
    }
    if (i === MAX_ITERS) {
      outcome = { kind: "stopped", steps: i, lr, last: losses[i], threshold };
      break;
    }
    i += 1;
    loss.backward();
    pred = pred.sub(pred.grad!.mul(lr));
    pred.detach_();
    pred.requiresGrad_(true);
    loss = mseLoss(y, pred);
    losses.push(loss.item());
    transcript.push(`${i}-th Loss : ${sci(losses[i])}`);
    // Slow enough to watch the first steps; long runs redraw every tenth step.
    if (i <= 40 || i % 10 === 0) {
      show(pred, losses, transcript);
      await pause(i <= 40 ? 40 : 0);
      if (id !== runId) return; // a newer run started
    }
  }
  show(pred, losses, transcript);
  applyLanguage();
  document.body.dataset.state = "done";
}

let lastProduct = "";

function threadsLine(): string {
  const iso = globalThis.crossOriginIsolated ? TEXT[lang].isolated : TEXT[lang].notIsolated;
  return lastProduct ? `${iso}. ${lastProduct}` : iso;
}

/** A 512×512 product: on helper threads when the page is cross-origin isolated. */
function multiply(): void {
  manualSeed(1);
  const a = rand([512, 512]);
  const b = rand([512, 512]);
  const t0 = performance.now();
  const c = matmul(a, b);
  const ms = performance.now() - t0;
  const sum = c.sum().item();
  $("threads").dataset.sum = String(sum);
  $("threads").dataset.count = String(Number($("threads").dataset.count ?? 0) + 1);
  lastProduct = `${ms.toFixed(1)} ms, sum = ${sum}`;
  $("threads").textContent = threadsLine();
}

function start(): void {
  const lrInput = $("lr") as HTMLInputElement;
  lrInput.addEventListener("input", () => {
    $("lr-value").textContent = lrInput.value;
    run();
  });
  $("threshold").addEventListener("change", () => run());
  $("controls").addEventListener("submit", (e) => {
    e.preventDefault();
    run();
  });
  $("lang").addEventListener("click", () => {
    lang = lang === "en" ? "ko" : "en";
    applyLanguage();
  });
  $("matmul").addEventListener("click", multiply);
  applyLanguage();
  run();
}

start();
