import { descent } from "./descent_peer.ts";
const w4 = descent.w4(), w7 = descent.w7!();
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (let i = 0; i < 200; i++) { w4(); w7(); }
const a: number[] = [], b: number[] = [], r: number[] = [];
for (let k = 0; k < 60; k++) {
  let t0 = performance.now(); for (let i = 0; i < 20; i++) w4(); const x = (performance.now() - t0) / 20;
  t0 = performance.now(); for (let i = 0; i < 20; i++) w7(); const y = (performance.now() - t0) / 20;
  a.push(x); b.push(y); r.push(y / x);
}
console.log(`W4 median ${med(a).toFixed(3)} ms min ${Math.min(...a).toFixed(3)}; W7 median ${med(b).toFixed(3)} ms min ${Math.min(...b).toFixed(3)}; paired W7/W4 median ${med(r).toFixed(3)}`);
