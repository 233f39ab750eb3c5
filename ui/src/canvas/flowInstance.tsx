// The workspace's React Flow instance, for event handlers and effects. `useReactFlow` subscribes
// its caller to the viewport's initialisation, so calling it in the canvas and the problems panel
// rendered both (and the flow under the canvas) once more on every start; here one empty component
// holds that subscription and the others read its latest instance from a ref.
import { type ReactFlowInstance, useReactFlow } from "@xyflow/react";
import {
  createContext,
  type ReactNode,
  type RefObject,
  useCallback,
  useContext,
  useLayoutEffect,
  useRef,
} from "react";
import type { DesignerNode } from "../model/layout";

type Flow = ReactFlowInstance<DesignerNode>;

const FlowRef = createContext<RefObject<Flow | null> | null>(null);

function Capture({ into }: { into: RefObject<Flow | null> }) {
  const flow = useReactFlow<DesignerNode>();
  useLayoutEffect(() => {
    into.current = flow;
  }, [into, flow]);
  return null;
}

/** Inside a ReactFlowProvider: makes its instance available to `useFlowInstance`. */
export function FlowInstanceProvider({ children }: { children: ReactNode }) {
  const ref = useRef<Flow | null>(null);
  return (
    <FlowRef.Provider value={ref}>
      <Capture into={ref} />
      {children}
    </FlowRef.Provider>
  );
}

/** A stable getter of the flow instance (null before the provider's first commit). */
export function useFlowInstance(): () => Flow | null {
  const ref = useContext(FlowRef);
  if (!ref) throw new Error("useFlowInstance needs a FlowInstanceProvider around it");
  return useCallback(() => ref.current, [ref]);
}
