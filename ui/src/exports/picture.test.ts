import { beforeEach, describe, expect, it, vi } from "vitest";

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="1028" height="278" viewBox="0 0 1028 278"><title>é</title></svg>\n';
const calls: { picture: [unknown, string | null][]; saved: [string, string][] } = { picture: [], saved: [] };
vi.mock("../backend", () => ({
  api: {
    exportPicture: async (doc: unknown, env: string | null) => {
      calls.picture.push([doc, env]);
      return SVG;
    },
    saveExport: async (path: string, data: string) => {
      calls.saved.push([path, data]);
    },
  },
  dialogs: { pickSavePath: async ({ defaultPath }: { defaultPath: string }) => `/out/${defaultPath}` },
  errorMessage: (e: unknown) => String(e),
}));

const { svgSize, svgDataUrl, PNG_SCALE } = await import("./picture");
const { exportDiagram } = await import("../files");
const { useDesigner } = await import("../store");
const { sampleDoc } = await import("../model/fixtures");

const decode = (b64: string) => new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));

describe("the picture export", () => {
  beforeEach(() => {
    calls.picture = [];
    calls.saved = [];
    useDesigner.getState().loadDocument(sampleDoc(), null, "json");
  });

  it("reads the picture's size from its root element", () => {
    expect(svgSize(SVG)).toEqual({ width: 1028, height: 278 });
    expect(() => svgSize("<svg/>")).toThrow(/no size/);
    expect(decodeURIComponent(svgDataUrl(SVG).split(",")[1])).toBe(SVG);
  });

  it("saves core's SVG as it is, for the environment shown", async () => {
    await exportDiagram("svg", "prod", async () => {
      throw new Error("an SVG is not rasterised");
    });
    const doc = sampleDoc();
    expect(calls.picture).toEqual([[doc, "prod"]]);
    expect(calls.saved).toHaveLength(1);
    const [path, data] = calls.saved[0];
    expect(path).toBe(`/out/${doc.pipeline.name}.svg`);
    expect(decode(data)).toBe(SVG);
    expect(useDesigner.getState().notice?.text).toMatch(/Exported the diagram/);
  });

  it("saves the PNG drawn from the same SVG at twice its size", async () => {
    const drawn: string[] = [];
    await exportDiagram("png", null, async (svg) => {
      drawn.push(svg);
      return "data:image/png;base64,iVBORw0KGgo=";
    });
    expect(PNG_SCALE).toBe(2);
    expect(drawn).toEqual([SVG]);
    expect(calls.picture.map(([, env]) => env)).toEqual([null]);
    expect(calls.saved[0]).toEqual([`/out/${sampleDoc().pipeline.name}.png`, "iVBORw0KGgo="]);
  });

  it("says what failed when the picture cannot be drawn", async () => {
    await exportDiagram("png", null, async () => {
      throw new Error("no canvas");
    });
    expect(calls.saved).toEqual([]);
    expect(useDesigner.getState().notice).toMatchObject({ kind: "error" });
    expect(useDesigner.getState().notice?.text).toMatch(/Could not export the diagram as PNG: .*no canvas/);
  });
});
