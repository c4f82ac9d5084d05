/**
 * A tiny WebAssembly assembler: enough of the binary format to write the kernels of
 * `wasm_source.ts` as flat, WAT-like instruction sequences in TypeScript. Instruction names
 * are the WebAssembly text-format names (`"f32x4.mul"`, `"v128.load32_splat"`, …), so the
 * kernel source reads like a `.wat` file whose loops and unrolling are written in TypeScript.
 *
 * Only what the kernels use is here: one imported memory, functions with i32/f32/f64/v128
 * params and locals, structured control flow, loads/stores, scalar and SIMD arithmetic
 * (including relaxed-SIMD fused multiply-add). Nothing is downloaded, nothing is generated
 * outside this file and `wasm_source.ts`.
 *
 * @module
 */

/** A WebAssembly value type. */
export type ValType = "i32" | "i64" | "f32" | "f64" | "v128";

const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** Control and parametric instructions with no immediates: name → opcode bytes. */
const CONTROL = {
  "unreachable": [0x00],
  "nop": [0x01],
  "else": [0x05],
  "end": [0x0b],
  "return": [0x0f],
  "drop": [0x1a],
  "select": [0x1b],
  "memory.size": [0x3f, 0x00],
  "memory.grow": [0x40, 0x00],
} as const;

// Scalar numeric ops without immediates, by opcode.
const SCALAR_OPS = {
  "i32.eqz": 0x45,
  "i32.eq": 0x46,
  "i32.ne": 0x47,
  "i32.lt_s": 0x48,
  "i32.lt_u": 0x49,
  "i32.gt_s": 0x4a,
  "i32.gt_u": 0x4b,
  "i32.le_s": 0x4c,
  "i32.le_u": 0x4d,
  "i32.ge_s": 0x4e,
  "i32.ge_u": 0x4f,
  "f32.eq": 0x5b,
  "f32.ne": 0x5c,
  "f32.lt": 0x5d,
  "f32.gt": 0x5e,
  "f32.le": 0x5f,
  "f32.ge": 0x60,
  "f64.eq": 0x61,
  "f64.ne": 0x62,
  "f64.lt": 0x63,
  "f64.gt": 0x64,
  "f64.le": 0x65,
  "f64.ge": 0x66,
  "i32.add": 0x6a,
  "i32.sub": 0x6b,
  "i32.mul": 0x6c,
  "i32.div_s": 0x6d,
  "i32.div_u": 0x6e,
  "i32.rem_s": 0x6f,
  "i32.rem_u": 0x70,
  "i32.and": 0x71,
  "i32.or": 0x72,
  "i32.xor": 0x73,
  "i32.shl": 0x74,
  "i32.shr_s": 0x75,
  "i32.shr_u": 0x76,
  "f32.abs": 0x8b,
  "f32.neg": 0x8c,
  "f32.sqrt": 0x91,
  "f32.add": 0x92,
  "f32.sub": 0x93,
  "f32.mul": 0x94,
  "f32.div": 0x95,
  "f32.min": 0x96,
  "f32.max": 0x97,
  "f64.abs": 0x99,
  "f64.neg": 0x9a,
  "f64.sqrt": 0x9f,
  "f64.add": 0xa0,
  "f64.sub": 0xa1,
  "f64.mul": 0xa2,
  "f64.div": 0xa3,
  "f64.min": 0xa4,
  "f64.max": 0xa5,
  "f32.convert_i32_s": 0xb2,
  "f32.demote_f64": 0xb6,
  "f64.convert_i32_s": 0xb7,
  "f64.promote_f32": 0xbb,
} as const;

// SIMD ops without immediates (0xfd prefix, LEB128 sub-opcode).
const SIMD_OPS = {
  "i32x4.splat": 0x11,
  "f32x4.splat": 0x13,
  "f64x2.splat": 0x14,
  "f32x4.eq": 0x41,
  "f32x4.ne": 0x42,
  "f32x4.lt": 0x43,
  "f32x4.gt": 0x44,
  "f32x4.le": 0x45,
  "f32x4.ge": 0x46,
  "f64x2.eq": 0x47,
  "f64x2.ne": 0x48,
  "f64x2.lt": 0x49,
  "f64x2.gt": 0x4a,
  "f64x2.le": 0x4b,
  "f64x2.ge": 0x4c,
  "v128.not": 0x4d,
  "v128.and": 0x4e,
  "v128.andnot": 0x4f,
  "v128.or": 0x50,
  "v128.xor": 0x51,
  "v128.bitselect": 0x52,
  "v128.any_true": 0x53,
  "i32x4.add": 0xae,
  "f32x4.demote_f64x2_zero": 0x5e,
  "f64x2.promote_low_f32x4": 0x5f,
  "f32x4.abs": 0xe0,
  "f32x4.neg": 0xe1,
  "f32x4.sqrt": 0xe3,
  "f32x4.add": 0xe4,
  "f32x4.sub": 0xe5,
  "f32x4.mul": 0xe6,
  "f32x4.div": 0xe7,
  "f32x4.min": 0xe8,
  "f32x4.max": 0xe9,
  "f32x4.pmin": 0xea,
  "f32x4.pmax": 0xeb,
  "f64x2.abs": 0xec,
  "f64x2.neg": 0xed,
  "f64x2.sqrt": 0xef,
  "f64x2.add": 0xf0,
  "f64x2.sub": 0xf1,
  "f64x2.mul": 0xf2,
  "f64x2.div": 0xf3,
  "f64x2.min": 0xf4,
  "f64x2.max": 0xf5,
  "f64x2.pmin": 0xf6,
  "f64x2.pmax": 0xf7,
  // relaxed SIMD: a * b + c, fused or not (the platform's choice)
  "f32x4.relaxed_madd": 0x105,
  "f32x4.relaxed_nmadd": 0x106,
  "f64x2.relaxed_madd": 0x107,
  "f64x2.relaxed_nmadd": 0x108,
} as const;
/**
 * Names of instructions without immediates, as literal types: a misspelt instruction does not
 * compile.
 */
export type PlainOp = keyof typeof CONTROL | keyof typeof SCALAR_OPS | keyof typeof SIMD_OPS;

/** Every instruction without immediates: name → opcode bytes. */
const PLAIN = new Map<PlainOp, readonly number[]>([
  ...Object.entries(CONTROL) as [PlainOp, readonly number[]][],
  ...Object.entries(SCALAR_OPS).map(([k, c]): [PlainOp, number[]] => [k as PlainOp, [c]]),
  ...Object.entries(SIMD_OPS).map((
    [k, c],
  ): [PlainOp, number[]] => [k as PlainOp, [0xfd, ...uleb(c)]]),
]);

/** Memory instructions: name → [opcode bytes, natural alignment as log2 bytes]. */
const MEM = {
  "i32.load": [[0x28], 2],
  "f32.load": [[0x2a], 2],
  "f64.load": [[0x2b], 3],
  "i32.store": [[0x36], 2],
  "f32.store": [[0x38], 2],
  "f64.store": [[0x39], 3],
  "v128.load": [[0xfd, 0x00], 4],
  "v128.load32_splat": [[0xfd, 0x09], 2],
  "v128.load64_splat": [[0xfd, 0x0a], 3],
  "v128.store": [[0xfd, 0x0b], 4],
  "v128.load32_zero": [[0xfd, 0x5c], 2],
  "v128.load64_zero": [[0xfd, 0x5d], 3],
} as const;

/** Lane instructions: name → opcode bytes (one lane-index immediate). */
const LANE = {
  "i32x4.extract_lane": [0xfd, 0x1b],
  "i32x4.replace_lane": [0xfd, 0x1c],
  "f32x4.extract_lane": [0xfd, 0x1f],
  "f32x4.replace_lane": [0xfd, 0x20],
  "f64x2.extract_lane": [0xfd, 0x21],
  "f64x2.replace_lane": [0xfd, 0x22],
} as const;

/** Memory-lane instructions: name → [opcode bytes, alignment]; memarg then a lane index. */
const MEM_LANE = {
  "v128.load32_lane": [[0xfd, 0x56], 2],
  "v128.load64_lane": [[0xfd, 0x57], 3],
  "v128.store32_lane": [[0xfd, 0x5a], 2],
  "v128.store64_lane": [[0xfd, 0x5b], 3],
} as const;

/** Unsigned LEB128. */
export function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(v: number): number[] {
  v |= 0;
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function utf8(s: string): number[] {
  return [...uleb(s.length), ...new TextEncoder().encode(s)];
}

/** A local (or parameter) of a function: its index and type. */
export interface Local {
  /** Index in the function's local space. */
  readonly index: number;
  /** Its type. */
  readonly type: ValType;
}

/**
 * One function body under construction. Methods append instructions and return `this`, so a
 * sequence reads like flat WAT: `f.get(x).get(y).op("f32.add").set(z)`.
 */
export class Func {
  /** The exported name. */
  readonly name: string;
  /** Index in the module's function space. */
  readonly index: number;
  /** Parameter types. */
  readonly params: readonly ValType[];
  /** Result types. */
  readonly results: readonly ValType[];
  /** Extra locals' types (after the params). */
  readonly locals: ValType[] = [];
  /** The instruction bytes (without the final `end`). */
  readonly code: number[] = [];

  /**
   * @param index Index in the module's function space.
   * @param name Export name.
   * @param params Parameter types.
   * @param results Result types.
   */
  constructor(
    index: number,
    name: string,
    params: readonly ValType[],
    results: readonly ValType[],
  ) {
    this.index = index;
    this.name = name;
    this.params = params;
    this.results = results;
  }

  /**
   * A parameter.
   *
   * @param i Its position.
   * @returns The local.
   */
  param(i: number): Local {
    return { index: i, type: this.params[i] };
  }

  /**
   * Declares a new local.
   *
   * @param type Its type.
   * @returns The local.
   */
  local(type: ValType): Local {
    this.locals.push(type);
    return { index: this.params.length + this.locals.length - 1, type };
  }

  /**
   * Appends an instruction without immediates.
   *
   * @param name The text-format name.
   * @returns `this`.
   */
  op(name: PlainOp): this {
    const bytes = PLAIN.get(name);
    if (bytes === undefined) throw new Error(`wasm_asm: unknown instruction ${name}`);
    this.code.push(...bytes);
    return this;
  }

  /**
   * Appends several instructions without immediates.
   *
   * @param names Their names, in order.
   * @returns `this`.
   */
  ops(...names: PlainOp[]): this {
    for (const n of names) this.op(n);
    return this;
  }

  /**
   * `local.get`.
   *
   * @param l The local.
   * @returns `this`.
   */
  get(l: Local): this {
    this.code.push(0x20, ...uleb(l.index));
    return this;
  }

  /**
   * `local.set`.
   *
   * @param l The local.
   * @returns `this`.
   */
  set(l: Local): this {
    this.code.push(0x21, ...uleb(l.index));
    return this;
  }

  /**
   * `local.tee`.
   *
   * @param l The local.
   * @returns `this`.
   */
  tee(l: Local): this {
    this.code.push(0x22, ...uleb(l.index));
    return this;
  }

  /**
   * `i32.const`.
   *
   * @param v The value.
   * @returns `this`.
   */
  i32(v: number): this {
    this.code.push(0x41, ...sleb(v));
    return this;
  }

  /**
   * `f32.const`.
   *
   * @param v The value.
   * @returns `this`.
   */
  f32(v: number): this {
    const b = new Uint8Array(new Float32Array([v]).buffer);
    this.code.push(0x43, ...b);
    return this;
  }

  /**
   * `f64.const`.
   *
   * @param v The value.
   * @returns `this`.
   */
  f64(v: number): this {
    const b = new Uint8Array(new Float64Array([v]).buffer);
    this.code.push(0x44, ...b);
    return this;
  }

  /**
   * A load or store with a static byte offset and the natural alignment.
   *
   * @param name The text-format name (`"f32.load"`, `"v128.store"`, …).
   * @param offset The static offset in bytes.
   * @returns `this`.
   */
  mem(name: keyof typeof MEM, offset = 0): this {
    const [bytes, align] = MEM[name];
    this.code.push(...bytes, ...uleb(align), ...uleb(offset));
    return this;
  }

  /**
   * A lane extract/replace.
   *
   * @param name The text-format name.
   * @param lane The lane index.
   * @returns `this`.
   */
  lane(name: keyof typeof LANE, lane: number): this {
    this.code.push(...LANE[name], lane);
    return this;
  }

  /**
   * `i32.atomic.rmw.add`: adds the value on the stack to the i32 at the address below it and
   * leaves the old value (sequentially consistent).
   *
   * @param offset The static offset in bytes.
   * @returns `this`.
   */
  atomicAdd(offset = 0): this {
    this.code.push(0xfe, 0x1e, 2, ...uleb(offset));
    return this;
  }

  /**
   * `i8x16.shuffle` of the two v128 operands on the stack.
   *
   * @param lanes 16 byte indices (0–15 pick from the first operand, 16–31 from the second).
   * @returns `this`.
   */
  shuffle(lanes: readonly number[]): this {
    if (lanes.length !== 16) throw new Error("wasm_asm: i8x16.shuffle needs 16 lane indices");
    this.code.push(0xfd, 0x0d, ...lanes);
    return this;
  }

  /**
   * A single-lane load or store.
   *
   * @param name The text-format name.
   * @param offset The static offset in bytes.
   * @param lane The lane index.
   * @returns `this`.
   */
  memLane(name: keyof typeof MEM_LANE, offset: number, lane: number): this {
    const [bytes, align] = MEM_LANE[name];
    this.code.push(...bytes, ...uleb(align), ...uleb(offset), lane);
    return this;
  }

  /**
   * `block … end`; inside, `br(0)` leaves the block.
   *
   * @param body Emits the block's instructions.
   * @returns `this`.
   */
  block(body: () => void): this {
    return this.#structured(0x02, body);
  }

  /**
   * `loop … end`; inside, `br(0)` jumps back to the top.
   *
   * @param body Emits the loop's instructions.
   * @returns `this`.
   */
  loop(body: () => void): this {
    return this.#structured(0x03, body);
  }

  /**
   * `if … (else …) end`, consuming an i32 condition.
   *
   * @param then Emits the then-branch.
   * @param otherwise Emits the else-branch.
   * @returns `this`.
   */
  if(then: () => void, otherwise?: () => void): this {
    this.code.push(0x04, 0x40);
    then();
    if (otherwise) {
      this.code.push(0x05);
      otherwise();
    }
    this.code.push(0x0b);
    return this;
  }

  /**
   * `call`: the arguments must be on the stack.
   *
   * @param g The function to call.
   * @returns `this`.
   */
  call(g: Func): this {
    this.code.push(0x10, ...uleb(g.index));
    return this;
  }

  /**
   * `br`.
   *
   * @param depth Label depth (0 = innermost).
   * @returns `this`.
   */
  br(depth: number): this {
    this.code.push(0x0c, ...uleb(depth));
    return this;
  }

  /**
   * `br_if`.
   *
   * @param depth Label depth (0 = innermost).
   * @returns `this`.
   */
  brIf(depth: number): this {
    this.code.push(0x0d, ...uleb(depth));
    return this;
  }

  /**
   * A counted loop `for (i = from; i < to; i += step)` over i32 locals, skipped when empty.
   * Inside `body`, depth 0 is the loop and depth 1 leaves it.
   *
   * @param i The counter.
   * @param from Emits the start value.
   * @param to Emits the (exclusive) bound; evaluated at every test.
   * @param step The increment (a constant, or a local read at every step).
   * @param body Emits the body.
   * @returns `this`.
   */
  for(i: Local, from: () => void, to: () => void, step: number | Local, body: () => void): this {
    from();
    this.set(i);
    return this.block(() => {
      this.get(i);
      to();
      this.op("i32.ge_s").brIf(0);
      this.loop(() => {
        body();
        this.get(i);
        if (typeof step === "number") this.i32(step);
        else this.get(step);
        this.op("i32.add").tee(i);
        to();
        this.op("i32.lt_s").brIf(0);
      });
    });
  }

  #structured(opcode: number, body: () => void): this {
    this.code.push(opcode, 0x40);
    body();
    this.code.push(0x0b);
    return this;
  }

  /** @returns The encoded body (locals + code + `end`). */
  encode(): number[] {
    const groups: [number, ValType][] = [];
    for (const t of this.locals) {
      const last = groups[groups.length - 1];
      if (last !== undefined && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    const body = [...uleb(groups.length)];
    for (const [n, t] of groups) body.push(...uleb(n), VALTYPE[t]);
    for (const b of this.code) body.push(b);
    body.push(0x0b);
    const out = uleb(body.length);
    for (const b of body) out.push(b);
    return out;
  }
}

/** Options of the imported memory. */
export interface MemoryImport {
  /** Import module name. */
  module: string;
  /** Import field name. */
  name: string;
  /** Initial pages. */
  min: number;
  /** Maximum pages. */
  max: number;
  /** Shared memory (for threads). */
  shared: boolean;
}

/** An assembled module: its bytes, and where the memory's "shared" flag byte sits. */
export interface Assembled {
  /** The module bytes. */
  bytes: Uint8Array<ArrayBuffer>;
  /** Offset of the imported memory's limits flag byte (0x03 shared, 0x01 not shared). */
  sharedFlagOffset: number;
}

/** A module under construction: one imported memory and exported functions. */
export class Module {
  readonly #memory: MemoryImport;
  readonly #funcs: Func[] = [];

  /** @param memory The memory import. */
  constructor(memory: MemoryImport) {
    this.#memory = memory;
  }

  /**
   * Adds an exported function; write its body through the returned {@linkcode Func}.
   *
   * @param name Export name.
   * @param params Parameter types.
   * @param results Result types.
   * @returns The function.
   */
  func(name: string, params: readonly ValType[], results: readonly ValType[] = []): Func {
    const f = new Func(this.#funcs.length, name, params, results);
    this.#funcs.push(f);
    return f;
  }

  /** @returns The module's bytes and the offset of the memory's shared flag. */
  assemble(): Assembled {
    const memory = this.#memory;
    const funcs = this.#funcs;
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const section = (id: number, content: number[]): void => {
      out.push(id, ...uleb(content.length));
      for (const b of content) out.push(b);
    };
    // types: one per function (duplicates are harmless)
    const types: number[] = [...uleb(funcs.length)];
    for (const f of funcs) {
      types.push(0x60, ...uleb(f.params.length), ...f.params.map((t) => VALTYPE[t]));
      types.push(...uleb(f.results.length), ...f.results.map((t) => VALTYPE[t]));
    }
    section(1, types);
    // import: the memory
    const imp = [1, ...utf8(memory.module), ...utf8(memory.name), 0x02];
    const flagAt = imp.length;
    imp.push(memory.shared ? 0x03 : 0x01, ...uleb(memory.min), ...uleb(memory.max));
    section(2, imp);
    const sharedFlagOffset = out.length - imp.length + flagAt;
    section(3, [...uleb(funcs.length), ...funcs.flatMap((_, i) => uleb(i))]);
    const exps: number[] = [...uleb(funcs.length)];
    funcs.forEach((f, i) => exps.push(...utf8(f.name), 0x00, ...uleb(i)));
    section(7, exps);
    const code: number[] = [...uleb(funcs.length)];
    for (const f of funcs) for (const b of f.encode()) code.push(b);
    section(10, code);
    return { bytes: new Uint8Array(out), sharedFlagOffset };
  }
}
