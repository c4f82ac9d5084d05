/**
 * Writes `tutorial.ipynb` (English) and `tutorial.ko.ipynb` (Korean) from one list of cells
 * (the code is the same in both) and executes them in Deno's Jupyter kernel, so that the
 * committed notebooks carry their outputs. Needs `jupyter nbconvert` (see `../tools/optional.ts`).
 *
 * ```sh
 * deno run --allow-read=. --allow-write=notebooks,/tmp --allow-run --allow-env notebooks/build.ts
 * ```
 *
 * @module
 */

import { executeNotebook } from "./execute.ts";

type Cell = { md: { en: string; ko: string } } | { code: string; tags?: string[] };

const CELLS: Cell[] = [
  {
    md: {
      en: `# Gradient descent with autograd, in descent

The tutorial this project grew from, cell by cell, on descent in Deno's Jupyter kernel: a target
\`y\`, a random \`pred\` that requires grad, the graph autograd records, the mean-squared error,
and the loop that steps \`pred\` against its gradient until the loss is below a threshold. Every
printed tensor and every loss line is what PyTorch prints for the same code
(\`torch.manual_seed(0)\`). Tensors show as tables here (the printed form is the text version).`,
      ko: `# 자동 미분(autograd)으로 하는 경사 하강법, descent로

이 프로젝트의 출발점이 된 튜토리얼을 Deno의 Jupyter 커널에서 descent로 한 셀씩 따라갑니다. 목표
\`y\`, 기울기를 요구하는 무작위 \`pred\`, autograd가 기록하는 그래프, 평균제곱오차, 그리고 손실이
임계값 아래로 내려갈 때까지 \`pred\`를 기울기 반대 방향으로 옮기는 반복문입니다. 출력되는 텐서와 손실
한 줄 한 줄은 같은 코드에 대해 PyTorch가 출력하는 것과 같습니다(\`torch.manual_seed(0)\`). 여기서는
텐서가 표로 보입니다(텍스트 버전은 출력 형식 그대로입니다).`,
    },
  },
  {
    code:
      `import { floatTensor, lineChart, manualSeed, pyFormat, randLike, tensor } from "@descent/tensor";
import { mseLoss } from "@descent/losses";

// Shows lines of text as the cell's output, as Python's print would. (console.log works too, but
// Deno's kernel forwards it through a pipe, and a cell can end before its last lines arrive.)
const show = (...lines: unknown[]) => ({
  [Symbol.for("Jupyter.display")]: () => ({ "text/plain": lines.map(String).join("\\n") }),
});`,
  },
  {
    md: {
      en: `## \`requires_grad\`

The target is a plain tensor; \`pred\` is a random tensor of the same shape that *requires grad*:
autograd records every operation on it, so that a later \`backward()\` can compute how the result
changes with \`pred\`. Both are leaves: made by the user, not computed from other tensors.`,
      ko: `## \`requires_grad\`

목표는 평범한 텐서이고, \`pred\`는 같은 모양의 무작위 텐서로 *기울기를 요구*합니다(requires grad).
autograd는 \`pred\`에 가해지는 모든 연산을 기록해 두었다가, 나중에 \`backward()\`로 결과가 \`pred\`에 따라
어떻게 변하는지 계산합니다. 둘 다 잎(leaf) 텐서입니다: 다른 텐서에서 계산된 것이 아니라 사용자가
만든 것입니다.`,
    },
  },
  { code: `const y = floatTensor([[.1, .2, .3], [.4, .5, .6], [.7, .8, .9]]);\ny` },
  { code: `manualSeed(0);\nconst pred0 = randLike(y, { requiresGrad: true });\npred0` },
  {
    code:
      `({ yRequiresGrad: y.requiresGrad, predRequiresGrad: pred0.requiresGrad, predIsLeaf: pred0.isLeaf })`,
  },
  {
    md: {
      en: `## The graph: \`AddBackward0\`, \`SubBackward0\`, \`MulBackward0\`, \`SumBackward0\`

Each operation on a tensor that requires grad returns a tensor with a \`grad_fn\` (\`gradFn\`): the
node that knows how to send a gradient back to the operation's inputs. Its name is PyTorch's.`,
      ko: `## 그래프: \`AddBackward0\`, \`SubBackward0\`, \`MulBackward0\`, \`SumBackward0\`

기울기를 요구하는 텐서에 연산을 하면, 결과 텐서는 \`grad_fn\`(\`gradFn\`)을 갖습니다. 연산의 입력으로
기울기를 되돌려 보내는 방법을 아는 노드입니다. 이름은 PyTorch와 같습니다.`,
    },
  },
  {
    code: `const a = pred0.add(2);
const b = a.sub(y);
const c = b.mul(b);
const s = c.sum();
show(a, b, c, s)`,
  },
  {
    md: {
      en:
        `Following \`nextFunctions\` from the last node walks the graph back to \`pred\`, whose node is
\`AccumulateGrad\`: the one that adds the gradient into \`pred.grad\`.`,
      ko:
        `마지막 노드에서 \`nextFunctions\`를 따라가면 그래프를 거슬러 \`pred\`에 닿습니다. \`pred\`의 노드는
\`AccumulateGrad\`로, 기울기를 \`pred.grad\`에 더하는 노드입니다.`,
    },
  },
  {
    code: `const chain: string[] = [];
for (let node = s.gradFn; node !== null; node = node.nextFunctions[0]?.[0] ?? null) {
  chain.push(node.name());
}
show(chain.join(" -> "))`,
  },
  {
    md: {
      en: `## \`backward()\` fills \`.grad\` on leaves only

\`s.backward()\` runs the graph backwards. \`s = Σ (pred + 2 - y)²\`, so \`pred.grad\` is
\`2 (pred + 2 - y)\`, that is \`2 b\`.`,
      ko: `## \`backward()\`는 잎 텐서의 \`.grad\`만 채웁니다

\`s.backward()\`는 그래프를 거꾸로 실행합니다. \`s = Σ (pred + 2 - y)²\`이므로 \`pred.grad\`는
\`2 (pred + 2 - y)\`, 곧 \`2 b\`입니다.`,
    },
  },
  { code: `s.backward();\npred0.grad` },
  { code: `show(String(pred0.grad) === String(b.detach().mul(2)))` },
  {
    md: {
      en:
        `\`b\` is not a leaf, so its \`.grad\` stays empty: reading it gives \`null\` and PyTorch's
warning on stderr, \`UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor is being
accessed. …\` (call \`b.retainGrad()\` before \`backward()\` to keep it).`,
      ko:
        `\`b\`는 잎 텐서가 아니므로 \`.grad\`가 비어 있습니다. 읽으면 \`null\`이고 PyTorch와 같은 경고가
표준 오류로 나옵니다: \`UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor is being
accessed. …\` (\`backward()\` 전에 \`b.retainGrad()\`를 부르면 남겨 둡니다).`,
    },
  },
  { code: `show(\`b.isLeaf: \${b.isLeaf}, b.grad: \${b.grad}\`)` },
  {
    md: {
      en: `## The threshold loop

The tutorial's loop: compute the loss, \`backward()\`, step \`pred\` against its gradient, make it a
leaf again (\`detach_()\`, \`requires_grad_(True)\`), until the loss is below the threshold. It prints
PyTorch's \`'%d-th Loss : %.4e'\` lines, byte for byte. The function stops a run that diverges
(the loss 1000 times its start) or takes too long; PyTorch's loop would go on forever.`,
      ko: `## 임계값 반복문

튜토리얼의 반복문입니다. 손실을 계산하고, \`backward()\`를 부르고, \`pred\`를 기울기 반대 방향으로 한
스텝 옮긴 뒤 다시 잎 텐서로 만듭니다(\`detach_()\`, \`requires_grad_(True)\`). 손실이 임계값보다 작아질
때까지 되풀이하며 PyTorch의 \`'%d-th Loss : %.4e'\` 줄을 한 글자도 다르지 않게 출력합니다. 이 함수는
발산하거나(손실이 처음의 1000배) 너무 오래 걸리면 멈춥니다. PyTorch의 반복문이라면 끝없이 돌 것입니다.`,
    },
  },
  {
    code: `function tutorial(lr: number, maxIters = 1000) {
  manualSeed(0);
  let pred = randLike(y, { requiresGrad: true });
  const printed = [String(pred)];
  let loss = mseLoss(y, pred);
  const losses = [loss.item()];
  const threshold = Math.fround(1e-5); // PyTorch compares the float32 loss in float32
  let i = 0;
  while (!(losses[i] < threshold)) {
    if (!(losses[i] < 1000 * losses[0]) || i === maxIters) return { printed, losses };
    i += 1;
    loss.backward();
    pred = pred.sub(pred.grad!.mul(lr));
    pred.detach_();
    pred.requiresGrad_(true);
    loss = mseLoss(y, pred);
    losses.push(loss.item());
    printed.push(\`\${i}-th Loss : \${pyFormat(losses[i], 4, true)}\`);
  }
  printed.push(String(pred));
  return { printed, losses };
}
const run = tutorial(1);
show(...run.printed)`,
    tags: ["transcript"],
  },
  { code: `lineChart(run.losses, { title: "lr = 1" })` },
  {
    md: {
      en: `## Learning rates

With the mean-squared error over 9 elements, one step multiplies the error by \`1 - 2·lr/9\`: small
learning rates crawl, \`lr = 4.5\` lands on \`y\` in one step, rates between 4.5 and 9 overshoot but
still converge, and above 9 every step overshoots further: the loss grows.`,
      ko: `## 학습률

원소 9개의 평균제곱오차에서는 한 스텝이 오차에 \`1 - 2·lr/9\`를 곱합니다. 학습률이 작으면 느리게 가고,
\`lr = 4.5\`면 한 스텝 만에 \`y\`에 닿고, 4.5와 9 사이면 지나치면서도 수렴하며, 9보다 크면 스텝마다 더
크게 지나쳐 손실이 커집니다.`,
    },
  },
  {
    code:
      `const runs = [0.1, 1, 4, 8.5, 9.5].map((lr) => ({ label: \`lr=\${lr}\`, values: tutorial(lr, 60).losses }));
show(...runs.map((r) =>
  \`\${r.label.padEnd(7)} \${String(r.values.length - 1).padStart(2)} steps, loss \${pyFormat(r.values.at(-1)!, 4, true)}\`
))`,
  },
  { code: `lineChart(runs, { title: "loss by learning rate" })` },
  {
    md: {
      en: `## Gradients accumulate

\`backward()\` adds into \`.grad\`; it does not replace it. A second backward pass doubles the
gradient, which is why training loops zero it (\`optimizer.zeroGrad()\`, or \`grad.zero_()\`) before each
step. (The threshold loop needs no zeroing: each step makes a new leaf \`pred\`, whose \`.grad\` starts
empty.)`,
      ko: `## 기울기는 누적됩니다

\`backward()\`는 \`.grad\`에 더할 뿐 바꿔 쓰지 않습니다. 역전파를 두 번 하면 기울기가 두 배가 되므로,
학습 반복문은 스텝마다 기울기를 0으로 만듭니다(\`optimizer.zeroGrad()\` 또는 \`grad.zero_()\`).
(임계값 반복문은 0으로 만들 필요가 없습니다. 스텝마다 새 잎 텐서 \`pred\`를 만들고, 그 \`.grad\`는 비어
있기 때문입니다.)`,
    },
  },
  {
    code: `const w = tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
w.mul(w).sum().backward();
const first = String(w.grad); // 2w
w.mul(w).sum().backward();
const second = String(w.grad); // 2w + 2w
w.grad!.zero_();
w.mul(w).sum().backward();
// 2w again
show(first, second, String(w.grad))`,
  },
  {
    md: {
      en: `## The "full code" as printed

The tutorial ends with its full code, which differs from the loop above in two slips:

\`\`\`python
pred = pred - lr * pred.grad
pred.detach()                 # detach_() is meant
pred.requires_grad_(True)
...
print(iter_count)             # never defined: the counter is i
\`\`\`

Run as printed, the first step works. At the second, PyTorch warns that \`.grad\` of a non-leaf is
being read and Python fails on \`lr * pred.grad\`: \`TypeError: unsupported operand type(s) for *:
'int' and 'NoneType'\`. Here is the same code on descent (\`deno run examples/threshold_loop.ts
--as-printed\` does it too, compared with PyTorch's run in the tests):`,
      ko: `## 인쇄된 "전체 코드"

튜토리얼은 마지막에 전체 코드를 싣는데, 위의 반복문과 두 군데가 다릅니다:

\`\`\`python
pred = pred - lr * pred.grad
pred.detach()                 # detach_()를 뜻한 것
pred.requires_grad_(True)
...
print(iter_count)             # 정의된 적 없음: 반복 횟수는 i
\`\`\`

인쇄된 그대로 실행하면 첫 스텝은 됩니다. 두 번째 스텝에서 PyTorch는 잎이 아닌 텐서의 \`.grad\`를 읽는다고
경고하고, 파이썬은 \`lr * pred.grad\`에서 실패합니다: \`TypeError: unsupported operand type(s) for *:
'int' and 'NoneType'\`. 아래는 같은 코드를 descent로 실행한 것입니다(\`deno run examples/threshold_loop.ts
--as-printed\`도 같은 일을 하며, 테스트에서 PyTorch의 실행 결과와 비교합니다):`,
    },
  },
  {
    code: `manualSeed(0);
let pred = randLike(y, { requiresGrad: true });
let loss = mseLoss(y, pred);
let i = 0;
const printed: string[] = [];
try {
  while (!(loss.item() < Math.fround(1e-5))) {
    i += 1;
    loss.backward();
    pred = pred.sub(pred.grad!.mul(1));
    pred.detach(); // as printed
    pred.requiresGrad_(true);
    loss = mseLoss(y, pred);
    printed.push(\`\${i}-th Loss : \${pyFormat(loss.item(), 4, true)}\`);
  }
} catch (e) {
  printed.push(\`iteration \${i}: \${e}\`);
}
show(...printed, \`pred.isLeaf: \${pred.isLeaf}, pred.gradFn: \${pred.gradFn?.name()}\`)`,
  },
  {
    md: {
      en:
        `Why: \`pred.detach()\` *returns* a detached copy and leaves \`pred\` alone; the copy is dropped.
So after the first step \`pred\` is still \`pred - lr * pred.grad\`, a result with
\`grad_fn=<SubBackward0>\`, not a leaf. \`requires_grad_(True)\` changes nothing (it already requires
grad), \`backward()\` fills \`.grad\` on leaves only, and at the second step \`pred.grad\` is \`null\`.
\`detach_()\`, with the underscore, detaches \`pred\` *in place*, making it a leaf again: the corrected
loop is the one above. Had the loop ended, \`print(iter_count)\` would have raised \`NameError\`.`,
      ko:
        `이유: \`pred.detach()\`는 떼어 낸 사본을 *돌려줄* 뿐 \`pred\`는 그대로 두고, 사본은 버려집니다.
그래서 첫 스텝 뒤에도 \`pred\`는 여전히 \`pred - lr * pred.grad\`, 곧 \`grad_fn=<SubBackward0>\`을 가진
계산 결과이지 잎 텐서가 아닙니다. \`requires_grad_(True)\`는 아무것도 바꾸지 않고(이미 기울기를 요구함),
\`backward()\`는 잎 텐서의 \`.grad\`만 채우므로, 두 번째 스텝에서 \`pred.grad\`는 \`null\`입니다. 밑줄이 붙은
\`detach_()\`는 \`pred\` *자체를* 떼어 내 다시 잎 텐서로 만듭니다. 고친 반복문은 위의 것입니다. 반복문이
끝났더라면 \`print(iter_count)\`에서 \`NameError\`가 났을 것입니다.`,
    },
  },
  {
    code: `manualSeed(0);
pred = randLike(y, { requiresGrad: true });
loss = mseLoss(y, pred);
i = 0;
while (!(loss.item() < Math.fround(1e-5))) {
  i += 1;
  loss.backward();
  pred = pred.sub(pred.grad!.mul(1));
  pred.detach_(); // corrected
  pred.requiresGrad_(true);
  loss = mseLoss(y, pred);
}
show(\`\${i} steps, loss \${pyFormat(loss.item(), 4, true)}\`, pred)`,
  },
];

const lines = (text: string): string[] =>
  text.split("\n").map((l, i, a) => i < a.length - 1 ? l + "\n" : l);

/** The notebook of one language, without outputs. */
export function notebook(lang: "en" | "ko"): unknown {
  return {
    cells: CELLS.map((c, k) => {
      const id = `cell-${String(k + 1).padStart(2, "0")}`;
      return "md" in c ? { cell_type: "markdown", id, metadata: {}, source: lines(c.md[lang]) } : {
        cell_type: "code",
        id,
        metadata: c.tags ? { tags: c.tags } : {},
        execution_count: null,
        outputs: [],
        source: lines(c.code),
      };
    }),
    metadata: {
      kernelspec: { name: "deno", display_name: "Deno", language: "typescript" },
      language_info: { name: "typescript", file_extension: ".ts" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

if (import.meta.main) {
  const here = new URL(".", import.meta.url).pathname;
  for (const [lang, file] of [["en", "tutorial.ipynb"], ["ko", "tutorial.ko.ipynb"]] as const) {
    await Deno.writeTextFile(`${here}${file}`, JSON.stringify(notebook(lang), null, 1) + "\n");
    await executeNotebook(`${here}${file}`, here);
    console.log(`wrote and executed notebooks/${file}`);
  }
}
