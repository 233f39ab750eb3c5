// The start-up benchmark's second reference (benches/app-startup.sh): a Tauri hello-world whose
// page is React and React Flow drawing five cards joined by edges, built by Vite like the app's
// UI. What the requested stack costs before the designer adds anything of its own.
import { ReactFlow } from "@xyflow/react";
import { createRoot } from "react-dom/client";
import "@xyflow/react/dist/style.css";

const nodes = [0, 1, 2, 3, 4].map((i) => ({
  id: `n${i}`,
  position: { x: i * 220, y: 100 },
  data: { label: `Action ${i + 1}` },
}));
const edges = [0, 1, 2, 3].map((i) => ({ id: `e${i}`, source: `n${i}`, target: `n${i + 1}` }));

const root = document.getElementById("root");
if (root) createRoot(root).render(<ReactFlow nodes={nodes} edges={edges} fitView />);
