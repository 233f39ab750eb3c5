//! Sync use cases: import remote pipelines as design files, plan local designs against the
//! remote, apply the plan.
