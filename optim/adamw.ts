/**
 * AdamW: Adam with decoupled weight decay, exactly PyTorch 2.x's.
 *
 * @module
 */

import { Adam, type AdamOptions } from "./adam.ts";
import type { Params } from "./optimizer.ts";

/**
 * AdamW. PyTorch: `torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
 * weight_decay=1e-2, amsgrad=False, *, maximize=False)`: Adam whose weight decay shrinks the
 * parameter, `p *= 1 - lr * weightDecay`, before the update instead of being added to the
 * gradient.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AdamW } from "@descent/optim";
 * import { tensor } from "@descent/tensor";
 *
 * const w = tensor([1, -2], { requiresGrad: true, dtype: "float64" });
 * const opt = new AdamW([w], { lr: 0.1, weightDecay: 0.5 });
 * w.mul(w).sum().backward();
 * opt.step(); // p * (1 - 0.1 * 0.5), then the Adam step of 0.1
 * assert.deepEqual((w.toList() as number[]).map((x) => Math.round(x * 1e6) / 1e6), [0.85, -1.8]);
 * ```
 */
export class AdamW extends Adam {
  /** @ignore Weight decay is decoupled. */
  protected override readonly _decoupled: boolean = true;

  /**
   * Creates an AdamW optimizer over `params`.
   *
   * @param params The tensors to optimize, or a list of parameter groups.
   * @param options `lr` (1e-3), `betas` ([0.9, 0.999]), `eps` (1e-8), `weightDecay` (1e-2),
   *   `amsgrad`, `maximize`.
   */
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { ...options, weightDecay: options.weightDecay ?? 1e-2 });
  }
}
