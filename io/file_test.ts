import assert from "node:assert/strict";
import { loadFile, saveFile } from "./mod.ts";
import { tensor } from "@descent/tensor";
import { run } from "../tools/run.ts";

const CONFIG = new URL("../deno.json", import.meta.url).pathname;

Deno.test("saveFile/loadFile: a round trip, with permission for that one file only", async () => {
  const dir = await Deno.makeTempDir({ prefix: "descent_io_" });
  try {
    const file = `${dir}/w.safetensors`;
    await saveFile(file, { w: tensor([[1, 2], [3, 4]], { dtype: "float64" }) }, { step: "3" });
    assert.equal(
      String((await loadFile(file)).w),
      "tensor([[1., 2.],\n        [3., 4.]], dtype=torch.float64)",
    );
    await assert.rejects(() => loadFile(`${dir}/missing.safetensors`), Deno.errors.NotFound);
    await Deno.writeTextFile(
      `${dir}/main.ts`,
      `import { loadFile, saveFile } from "${new URL("./mod.ts", import.meta.url).href}";
      const t = await loadFile(${JSON.stringify(file)});
      await saveFile(${JSON.stringify(file)}, { w: t.w.mul(2) });
      console.log(JSON.stringify((await loadFile(${JSON.stringify(file)})).w));`,
    );
    const main = (...flags: string[]) =>
      run(
        Deno.execPath(),
        ["run", "--no-prompt", `--config=${CONFIG}`, ...flags, `${dir}/main.ts`],
        {
          env: { NO_COLOR: "1" },
        },
      );
    assert.deepEqual(await main(`--allow-read=${file}`, `--allow-write=${file}`), {
      code: 0,
      stdout: '{"dtype":"float64","shape":[2,2],"data":[2,4,6,8]}\n',
      stderr: "",
    });
    const readOnly = await main(`--allow-read=${file}`);
    assert.equal(readOnly.code, 1);
    assert.match(readOnly.stderr, /NotCapable: Requires write access to ".*w\.safetensors"/);
    const none = await main();
    assert.match(none.stderr, /NotCapable: Requires read access to ".*w\.safetensors"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
