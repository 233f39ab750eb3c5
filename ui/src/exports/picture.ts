// The pipeline's picture for the designer's SVG and PNG exports. The SVG comes from core
// (`export_picture`: shapes and text only, which any SVG viewer draws); the PNG is that SVG
// drawn at twice its size, so both show the same picture and neither shows the selection.

/** The PNG's pixels per SVG unit. */
export const PNG_SCALE = 2;

/** The `width` and `height` of an SVG's root element, in its units. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const attr = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(root)?.[1] ?? Number.NaN);
  const width = attr("width");
  const height = attr("height");
  if (!(width > 0 && height > 0)) throw new Error("The picture has no size; export it again.");
  return { width, height };
}

/** `svg` as a data URL an image can load. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** `svg` drawn at `scale` times its size on a white ground, as a PNG data URL. */
export async function rasterize(svg: string, scale = PNG_SCALE): Promise<string> {
  const { width, height } = svgSize(svg);
  const image = new Image(width, height);
  image.src = svgDataUrl(svg);
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("This window cannot draw pictures; export as SVG instead.");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL("image/png");
}
