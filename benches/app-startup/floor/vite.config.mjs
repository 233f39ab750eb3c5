// Built from a copy under ui/node_modules/.cache (benches/app-startup.sh), where the UI's own
// packages resolve.
import react from "@vitejs/plugin-react";

export default { plugins: [react()], base: "./", build: { target: "es2022" }, logLevel: "warn" };
