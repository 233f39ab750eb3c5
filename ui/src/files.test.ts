import { describe, expect, it } from "vitest";
import { baseName, dataUrlToBase64, formatOfPath } from "./files";

describe("file helpers", () => {
  it("takes the format from the extension", () => {
    expect(formatOfPath("/a/b/app.yaml")).toBe("yaml");
    expect(formatOfPath("C:\\x\\app.YML")).toBe("yaml");
    expect(formatOfPath("/a/app.json")).toBe("json");
    expect(formatOfPath("/a/app")).toBe("json");
  });

  it("names a file by its last path part", () => {
    expect(baseName("/a/b/app.yaml")).toBe("app.yaml");
    expect(baseName("C:\\x\\app.json")).toBe("app.json");
  });

  it("turns PNG and SVG data URLs into base64", () => {
    expect(dataUrlToBase64("data:image/png;base64,iVBORw0KGgo=")).toBe("iVBORw0KGgo=");
    const svg = '<svg xmlns="http://www.w3.org/2000/svg">é</svg>';
    const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    const bytes = Uint8Array.from(atob(dataUrlToBase64(url)), (c) => c.charCodeAt(0));
    expect(new TextDecoder().decode(bytes)).toBe(svg);
  });
});
