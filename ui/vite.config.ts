import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Tauri serves the built files from `dist`; the dev server port is the `devUrl` of tauri.conf.json.
// The views beyond the designer's start screen are lazy chunks (React.lazy / import()), loaded from
// the app's own origin, which the CSP allows (`script-src 'self'`); Vite's default 500 kB chunk
// warning stays on so a chunk that grows past it is noticed.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { target: "es2022", outDir: "dist" },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
