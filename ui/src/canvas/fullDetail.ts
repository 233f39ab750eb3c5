// While a picture of the diagram is taken, the canvas draws all of it in full detail: every node,
// not only those on screen, with its text, and the edges, whatever the zoom on screen.
import { create } from "zustand";

export const useFullDetail = create<{ on: boolean }>(() => ({ on: false }));

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** Run `take` with the whole diagram drawn in detail, then draw again what the zoom needs. */
export async function withFullDetail<T>(take: () => Promise<T>): Promise<T> {
  useFullDetail.setState({ on: true });
  try {
    // React Flow takes the new nodes and edges in an effect: two frames see them drawn.
    await nextFrame();
    await nextFrame();
    return await take();
  } finally {
    useFullDetail.setState({ on: false });
  }
}
