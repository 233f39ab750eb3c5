// The designer's workspace for an open design: the title bar's design commands, palette, canvas
// (React Flow), problems, code view, inspector, environments and the provider picker; the canvas
// first, the side panels just after. One chunk, loaded when the first design opens: the start
// screen needs none of it. The provider catalog is asked for here too.
import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../backend";
import { Canvas } from "../canvas/Canvas";
import "../canvas/commands";
import { FlowInstanceProvider } from "../canvas/flowInstance";
import { EnvironmentCenter, EnvironmentSide } from "../environments/Environments";
import { activeEnvironment } from "../environments/logic";
import { useEnvironmentView } from "../environments/store";
import { exportDiagram } from "../files";
import { normalizeCatalog } from "../model/catalog";
import { CompareDialog, ReviewPanel } from "../review/Review";
import { useReview } from "../review/store";
import { afterNextPaint } from "../shell/startup";
import { selectDoc, useDesigner } from "../store";
import { CodeView } from "./CodeView";
import { DesignTools } from "./DesignTools";
import { DesignerFrame } from "./Frame";
import { Inspector } from "./Inspector";
import { Palette } from "./Palette";
import { ProblemsPanel } from "./ProblemsPanel";
import { ProviderPicker } from "./ProviderPicker";
import "@xyflow/react/dist/style.css";
import "./designer.css";

let catalogAsked = false;

/** Asks the backend for the provider catalog once (again after a failure). */
export function loadCatalog(): void {
  if (catalogAsked || useDesigner.getState().catalog) return;
  catalogAsked = true;
  api
    .catalog()
    .then((raw) => useDesigner.getState().setCatalog(normalizeCatalog(raw)))
    .catch((err) => {
      catalogAsked = false;
      useDesigner.getState().catalogFailed(`Could not load the providers: ${errorMessage(err)}`);
    });
}

/**
 * Whether the side panels are drawn. The workspace's first frame is the title bar and the canvas,
 * with the palette, problems, code view and inspector as empty boxes of their final size (so the
 * canvas frames the pipeline once, for that size); the panels fill them in the task after that
 * frame is on screen. Measured with benches/app-startup.sh, the cards come about 55 ms sooner and
 * the whole designer as soon as before. (Rendered as a transition instead, the panels came about
 * 20 ms later: every store update arriving meanwhile restarted them.)
 */
function usePanelsDrawn(): boolean {
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    let live = true;
    void afterNextPaint().then(() => live && setDrawn(true));
    return () => {
      live = false;
    };
  }, []);
  return drawn;
}

function Workspace() {
  const doc = useDesigner(selectDoc);
  const codeView = useDesigner((s) => s.codeView);
  const recoveryKey = useDesigner((s) => s.recoveryKey);
  // While an environment is shown the design is hidden: the palette, which adds to it, is inert.
  const environment = useEnvironmentView((s) => s.view);
  const paletteInert = doc !== null && activeEnvironment(doc, environment) !== null;
  useEffect(loadCatalog, []);
  // Another design (or a new one) ends the comparison of the one before.
  // biome-ignore lint/correctness/useExhaustiveDependencies: end it when the design changes
  useEffect(() => useReview.getState().end(), [recoveryKey]);
  const panels = usePanelsDrawn();

  // The picture is core's drawing of the design, or of the environment on screen.
  const onExport = useCallback((kind: "png" | "svg") => {
    const shown = useDesigner.getState();
    const current = selectDoc(shown);
    const env = current ? activeEnvironment(current, useEnvironmentView.getState().view) : null;
    void exportDiagram(kind, env);
  }, []);

  if (!doc) return null;
  return (
    <DesignerFrame tools={<DesignTools onExport={onExport} />}>
      <main className={`workspace${codeView ? " with-code" : ""}`}>
        {panels ? <Palette inert={paletteInert} /> : <aside className="palette" aria-busy="true" />}
        <div className="center">
          <EnvironmentCenter
            doc={doc}
            base={
              <>
                <div className="review-row">
                  <Canvas key={recoveryKey} doc={doc} />
                  {panels && <ReviewPanel doc={doc} />}
                </div>
                {panels ? <ProblemsPanel doc={doc} /> : <section className="problems" aria-busy="true" />}
              </>
            }
          />
        </div>
        {codeView && (panels ? <CodeView doc={doc} /> : <section className="code-panel" aria-busy="true" />)}
        {panels ? (
          <EnvironmentSide doc={doc} inspector={<Inspector />} />
        ) : (
          <aside className="inspector" aria-busy="true" />
        )}
      </main>
      {panels && <ProviderPicker />}
      {panels && <CompareDialog />}
    </DesignerFrame>
  );
}

export function DesignerWorkspace() {
  return (
    <ReactFlowProvider>
      <FlowInstanceProvider>
        <Workspace />
      </FlowInstanceProvider>
    </ReactFlowProvider>
  );
}
