// The one dialog of the app: a native modal <dialog> (the page behind it is inert), titled by its
// heading, with the focus kept inside (Tab and Shift+Tab wrap), Escape to close, and the focus
// given back on close to what had it before (the button that opened the dialog). Every dialog of
// the designer, the control room, the environments and the sync review is one of these.
import { type KeyboardEvent, type MouseEvent, type ReactNode, useId, useLayoutEffect, useRef } from "react";

const FOCUSABLE = [
  "a[href]",
  "button:not([disabled])",
  "input:not([disabled]):not([type=hidden])",
  "select:not([disabled])",
  "textarea:not([disabled])",
  "[tabindex]:not([tabindex='-1'])",
].join(",");

/** The elements of `root` that Tab reaches, in order (hidden ones left out). */
export function tabbable(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => el.getClientRects().length > 0 && !el.closest("[inert]"),
  );
}

export interface DialogProps {
  /** The dialog's heading, which is also its accessible name. */
  title: ReactNode;
  /** Escape, Cancel, or a click outside the dialog (with `closeOnOutsideClick`). */
  onClose: () => void;
  children: ReactNode;
  /** `alertdialog` for a question that interrupts (confirm before dropping work). */
  role?: "dialog" | "alertdialog";
  className?: string;
  testId?: string;
  closeOnOutsideClick?: boolean;
  /** Wrap the content in a form whose submit calls this (Enter in a field submits). */
  onSubmit?: () => void;
  /** Where the focus goes on close when what opened the dialog is gone (a CSS selector). */
  fallbackFocus?: string;
}

export function Dialog({
  title,
  onClose,
  children,
  role = "dialog",
  className,
  testId,
  closeOnOutsideClick = false,
  onSubmit,
  fallbackFocus,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // The latest onClose, for the effect that runs once.
  const close = useRef(onClose);
  close.current = onClose;
  const fallback = useRef(fallbackFocus);
  fallback.current = fallbackFocus;

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // The first field; without one, a question's first button (Cancel), else the heading (the
    // dialog is read from its top).
    const first =
      tabbable(dialog).find((el) => el.matches("input,select,textarea")) ??
      (role === "alertdialog" ? tabbable(dialog)[0] : undefined) ??
      dialog.querySelector<HTMLElement>(".modal-title");
    first?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // Back to what opened the dialog, once the page has settled: if that is gone by then (an
      // approval decided takes its button with it), to the fallback. Focus something else took
      // meanwhile (another dialog, the card just added) stays where it is.
      requestAnimationFrame(() => {
        const active = document.activeElement;
        if (active && active !== document.body) return;
        if (returnTo?.isConnected) returnTo.focus();
        else if (fallback.current) document.querySelector<HTMLElement>(fallback.current)?.focus();
      });
    };
  }, [role]);

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== "Tab" || !ref.current) return;
    const items = tabbable(ref.current);
    if (items.length === 0) {
      e.preventDefault();
      return;
    }
    // From the heading (not in the Tab order), Tab goes on to the first control by itself.
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.shiftKey && at <= 0) {
      e.preventDefault();
      items[items.length - 1].focus();
    } else if (!e.shiftKey && at === items.length - 1) {
      e.preventDefault();
      items[0].focus();
    }
  };

  const onClick = (e: MouseEvent<HTMLDialogElement>) => {
    // A click on the backdrop reaches the dialog element itself, outside its box.
    if (!closeOnOutsideClick || e.target !== ref.current) return;
    const box = ref.current.getBoundingClientRect();
    const inside =
      e.clientX >= box.left && e.clientX <= box.right && e.clientY >= box.top && e.clientY <= box.bottom;
    if (!inside) close.current();
  };

  const heading = (
    <h2 className="modal-title" id={titleId} tabIndex={-1}>
      {title}
    </h2>
  );
  return (
    <dialog
      ref={ref}
      className={`modal${className ? ` ${className}` : ""}`}
      role={role === "alertdialog" ? "alertdialog" : undefined}
      aria-labelledby={titleId}
      aria-modal="true"
      data-testid={testId}
      onCancel={(e) => {
        // Escape: the owner closes the dialog (it is rendered while its state says so).
        e.preventDefault();
        close.current();
      }}
      onKeyDown={onKeyDown}
      onClick={onClick}
    >
      {onSubmit ? (
        <form
          className="modal-form"
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          {heading}
          {children}
        </form>
      ) : (
        <>
          {heading}
          {children}
        </>
      )}
    </dialog>
  );
}
