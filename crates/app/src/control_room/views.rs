//! What the control room's screens show, assembled from the control use cases of
//! `pipewright-aws` against the active connection, with the user's settings (production, muted)
//! and the watchers' health: the pipeline list, one pipeline's detail, its history, an
//! execution's actions, rollback targets.

use pipewright_aws::control::{
    usecases, ActionExecutionDetail, ExecutionSummary, Page, PipelineListItem, PipelineOverview,
    PipelineView, RuleExecutionDetail, WaitingApproval,
};
use pipewright_watch::PipelineHealth;
use serde::Serialize;

use super::ControlRoom;
use crate::error::Result;
use crate::seen::Seen;

/// How many rollback targets the picker offers.
pub const ROLLBACK_TARGETS: usize = 20;

/// How many rule executions a stage's conditions show (newest first).
pub const RULE_EXECUTIONS: i32 = 50;

/// One row of the control room's pipeline list.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PipelineCard {
    pub overview: PipelineOverview,
    /// Approving, starting and rolling back need the pipeline's name typed back.
    pub production: bool,
    /// Its notifications are muted.
    pub muted: bool,
    /// What the watcher knows (approvals waiting, failing), once it has polled.
    pub health: Option<PipelineHealth>,
}

/// The pipeline view with what the UI needs to offer the right operations.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PipelineDetail {
    pub view: PipelineView,
    /// Type (V1/V2: variables and source overrides need V2) and execution mode.
    pub summary: PipelineListItem,
    pub production: bool,
    /// Stages that count as production (operations on them need the typed confirmation).
    pub production_stages: Vec<String>,
    /// Approvals waiting now, with their current tokens (PARALLEL mode included).
    pub approvals: Vec<WaitingApproval>,
    pub muted: bool,
    /// The connection and region this view was made on: every operation from it passes it back,
    /// and is refused when the active connection is another one by then.
    pub seen: Seen,
}

impl ControlRoom {
    /// Every pipeline of the active connection with its latest execution.
    pub async fn overview(&self) -> Result<Vec<PipelineCard>> {
        let api = self.api()?;
        let overview = usecases::list_overview(api.as_ref()).await?;
        let policy = self.policy();
        let settings = self.settings();
        let scope = self.scope();
        let health = self.health();
        Ok(overview
            .into_iter()
            .map(|o| {
                let name = o.pipeline.name.clone();
                PipelineCard {
                    production: policy.is_production_pipeline(&name),
                    muted: scope.as_ref().is_some_and(|s| settings.is_muted(s, &name)),
                    health: health.iter().find(|h| h.pipeline == name).cloned(),
                    overview: o,
                }
            })
            .collect())
    }

    /// State of every stage and action, transitions, history, waiting approvals.
    pub async fn detail(&self, pipeline: &str) -> Result<PipelineDetail> {
        let (api, connection) = self.live()?;
        let summary = api.get_pipeline_summary(pipeline).await?;
        let view = usecases::view(api.as_ref(), pipeline, None).await?;
        let approvals = usecases::waiting_approvals(
            api.as_ref(),
            pipeline,
            &view.state,
            summary.execution_mode.as_deref(),
        )
        .await?;
        let policy = self.policy();
        let production_stages = view
            .state
            .stages
            .iter()
            .filter(|s| policy.is_production_stage(pipeline, &s.name))
            .map(|s| s.name.clone())
            .collect();
        Ok(PipelineDetail {
            production: policy.is_production_pipeline(pipeline),
            production_stages,
            muted: self
                .scope()
                .is_some_and(|scope| self.settings().is_muted(&scope, pipeline)),
            view,
            summary,
            approvals,
            seen: Seen::of(&connection),
        })
    }

    /// An older page of the execution history (pass the view's `nextToken`).
    pub async fn history(
        &self,
        pipeline: &str,
        next_token: Option<String>,
    ) -> Result<Page<ExecutionSummary>> {
        let api = self.api()?;
        Ok(usecases::history_page(api.as_ref(), pipeline, next_token, None).await?)
    }

    /// The action executions of one pipeline execution.
    pub async fn execution_actions(
        &self,
        pipeline: &str,
        pipeline_execution_id: &str,
    ) -> Result<Vec<ActionExecutionDetail>> {
        let api = self.api()?;
        Ok(usecases::execution_actions(api.as_ref(), pipeline, pipeline_execution_id).await?)
    }

    /// The rule executions of the pipeline's stage conditions (`ListRuleExecutions`), newest
    /// first; only those of `pipeline_execution_id` when given.
    pub async fn rule_executions(
        &self,
        pipeline: &str,
        pipeline_execution_id: Option<&str>,
    ) -> Result<Vec<RuleExecutionDetail>> {
        let api = self.api()?;
        Ok(api
            .list_rule_executions(pipeline, pipeline_execution_id, Some(RULE_EXECUTIONS))
            .await?)
    }

    /// Earlier executions that succeeded in `stage`, newest first.
    pub async fn rollback_targets(
        &self,
        pipeline: &str,
        stage: &str,
    ) -> Result<Vec<ExecutionSummary>> {
        let api = self.api()?;
        Ok(usecases::rollback_targets(api.as_ref(), pipeline, stage, ROLLBACK_TARGETS).await?)
    }
}
