import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./styles.css";
import "./shared.css";
import { App } from "./shell/App";

// Marks on the performance timeline (pipewright:*) let a profile or benches/app-startup line up
// where start-up time goes: the entry script evaluated, the startup file known, a design opened.
performance.mark("pipewright:entry");

// The font families follow the platform (styles.css).
const agent = navigator.userAgent;
document.documentElement.dataset.os = /Mac OS X|Macintosh/.test(agent)
  ? "mac"
  : /Windows/.test(agent)
    ? "windows"
    : "linux";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
