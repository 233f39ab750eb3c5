//! The sandbox's executions: how they are created, how they move as time passes, and what
//! callers can do to them. Pure functions over the [`Store`](crate::store::Store) with no IO and
//! no clock of their own (every function takes `now`), so the same engine answers the API and
//! runs in unit tests:
//!
//! - [`create`]: a STANDARD execution of the pipeline's current version, or a ROLLBACK one.
//! - [`engine`]: [`advance`], the state machine that moves every execution as far as it can go
//!   at a given time and says when it next needs to run.
//! - [`commands`]: stop, retry, roll back, approve or reject, override a condition, and cancel
//!   running executions when their pipeline is updated.
//! - [`rules`]: what DeploymentWindow, VariableCheck and CloudWatchAlarm rules check; [`runs`]:
//!   what an action run is in the service that runs it (revision, build id, stack, deployment).
//! - [`events`]: the state-change events of every transition, for EventBridge.
//!
//! The `api` module only translates AWS JSON to these calls and the store back to JSON.
//!
//! Model (documented choices where AWS leaves room):
//! - Stages run in order; inside a stage, actions run by `runOrder` (same number = in parallel).
//!   When an action fails, the other actions of its group finish, then the stage and the
//!   execution fail.
//! - SUPERSEDED and QUEUED: a stage holds one execution at a time. Executions waiting to enter a
//!   stage wait; in SUPERSEDED mode only the newest waiting one survives (older ones become
//!   `Superseded`), in QUEUED mode they enter oldest first. PARALLEL: executions run
//!   independently.
//! - A disabled inbound transition of stage S (or outbound transition of the stage before S)
//!   holds executions before S.
//! - Stop and wait: running actions finish, nothing new starts, then the stage and execution are
//!   `Stopped`. Stop and abandon: running actions become `Abandoned` at once. Pending approvals
//!   are abandoned by both modes (waiting for a human would never finish).
//! - Stage conditions: `beforeEntry` rules run before the actions (a failure FAILs or SKIPs the
//!   stage, per the condition's result), `onSuccess` rules after them (a failure FAILs the stage
//!   or ROLLs it BACK). Rules run like actions, for the scenario's duration, and check what
//!   [`rules`] says (a deployment window holds them until it opens); a scenario rule that names
//!   one (`action: <rule name>`) fails it. OverrideStageCondition lets an execution past a
//!   condition in progress.
//! - Source actions take their branch's head in the world's repositories (else a made-up
//!   commit); one whose connection is not AVAILABLE fails. `onFailure` RETRY retries the stage once automatically;
//!   `onFailure` ROLLBACK rolls it back to the newest execution of the current pipeline version
//!   that succeeded in it (conditions' rules under onFailure are not evaluated).
//! - UpdatePipeline cancels running executions the same way stop-and-wait stops them, ending
//!   `Cancelled` (AWS: "the pipeline's definition was updated before the execution could be
//!   completed").

pub mod commands;
pub mod create;
pub mod engine;
pub mod events;
pub mod rules;
pub mod runs;

pub use engine::advance;
