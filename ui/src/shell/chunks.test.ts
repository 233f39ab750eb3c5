import { describe, expect, it } from "vitest";
import { chunk } from "./chunks";

describe("chunk", () => {
  it("loads once and then holds what it loaded", async () => {
    let imports = 0;
    const c = chunk(async () => {
      imports += 1;
      return { screen: "workspace" };
    });
    expect(c.loaded()).toBeNull();
    const [a, b] = await Promise.all([c.load(), c.load()]);
    expect(a).toBe(b);
    expect(c.loaded()).toBe(a);
    await c.load();
    expect(imports).toBe(1);
  });

  it("loads again after a failure", async () => {
    let imports = 0;
    const c = chunk(async () => {
      imports += 1;
      if (imports === 1) throw new Error("offline");
      return 42;
    });
    await expect(c.prefetch()).resolves.toBeUndefined();
    expect(c.loaded()).toBeNull();
    await expect(c.load()).resolves.toBe(42);
    expect(c.loaded()).toBe(42);
    expect(imports).toBe(2);
    await expect(c.prefetch()).resolves.toBeUndefined();
    expect(imports).toBe(2);
  });
});
