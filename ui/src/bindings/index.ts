// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p pipewright-app bindings`.
// Do not edit by hand.
export * from "./commands";
export * from "./types";
