//! The statuses of pipeline, stage, action, condition and rule executions, as CodePipeline names
//! them.
//!
//! Each is an enum of the service's own words with an `Unknown` member: a word the service adds
//! later deserializes to `Unknown` instead of failing, and shows as "Unknown". Known members
//! serialize back to the service's word (`"InProgress"`, ...), and the UI gets them as a union
//! of string literals. The SDK's own enums are mapped to these in one place,
//! `codepipeline/convert.rs`.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! status_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
            /// A word this version does not know (one the service added later), or none at all.
            #[default]
            #[serde(other)]
            Unknown,
        }

        impl $name {
            /// The service's word for it (`"Unknown"` for the fallback).
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => stringify!($variant),)+
                    $name::Unknown => "Unknown",
                }
            }

            /// The member the service's word names; `Unknown` for any other word.
            pub fn parse(word: &str) -> Self {
                match word {
                    $(stringify!($variant) => $name::$variant,)+
                    _ => $name::Unknown,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }
    };
}

status_enum! {
    /// `PipelineExecutionStatus`: how a pipeline execution stands.
    ExecutionStatus {
        Cancelled,
        InProgress,
        Stopped,
        Stopping,
        Succeeded,
        Superseded,
        Failed,
    }
}

status_enum! {
    /// `StageExecutionStatus`: how a stage's latest execution stands.
    StageStatus {
        Cancelled,
        InProgress,
        Failed,
        Stopped,
        Stopping,
        Succeeded,
        Skipped,
    }
}

status_enum! {
    /// `ActionExecutionStatus`: how an action's latest execution stands.
    ActionStatus {
        InProgress,
        Abandoned,
        Succeeded,
        Failed,
    }
}

status_enum! {
    /// `ConditionExecutionStatus`: how a stage condition's latest evaluation stands.
    ConditionStatus {
        InProgress,
        Failed,
        Errored,
        Succeeded,
        Cancelled,
        Abandoned,
        Overridden,
    }
}

status_enum! {
    /// `RuleExecutionStatus`: how a condition rule's latest execution stands.
    RuleStatus {
        InProgress,
        Abandoned,
        Succeeded,
        Failed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_word_round_trips_as_the_service_spells_it() {
        let s: ExecutionStatus = serde_json::from_str("\"InProgress\"").unwrap();
        assert_eq!(s, ExecutionStatus::InProgress);
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"InProgress\"");
        assert_eq!(StageStatus::parse("Skipped"), StageStatus::Skipped);
        assert_eq!(ActionStatus::Abandoned.to_string(), "Abandoned");
        assert_eq!(
            ConditionStatus::parse("Overridden"),
            ConditionStatus::Overridden
        );
        let s: RuleStatus = serde_json::from_str("\"Failed\"").unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"Failed\"");
    }

    #[test]
    fn a_word_the_service_adds_later_is_unknown_not_a_failure() {
        let s: ExecutionStatus = serde_json::from_str("\"SomethingNew\"").unwrap();
        assert_eq!(s, ExecutionStatus::Unknown);
        let s: StageStatus = serde_json::from_str("\"SomethingNew\"").unwrap();
        assert_eq!(s, StageStatus::Unknown);
        let s: ActionStatus = serde_json::from_str("\"SomethingNew\"").unwrap();
        assert_eq!(s, ActionStatus::Unknown);
        assert_eq!(ActionStatus::parse("SomethingNew"), ActionStatus::Unknown);
        let c: ConditionStatus = serde_json::from_str("\"SomethingNew\"").unwrap();
        assert_eq!(c, ConditionStatus::Unknown);
        let r: RuleStatus = serde_json::from_str("\"SomethingNew\"").unwrap();
        assert_eq!(r, RuleStatus::Unknown);
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"Unknown\"");
        assert_eq!(format!("{:<9}|", s), "Unknown  |");
    }

    #[test]
    fn the_sdks_unknown_words_map_to_unknown() {
        use aws_sdk_codepipeline::types as sdk;
        let new = "SomethingNew";
        assert_eq!(
            ExecutionStatus::from(&sdk::PipelineExecutionStatus::from(new)),
            ExecutionStatus::Unknown
        );
        assert_eq!(
            StageStatus::from(&sdk::StageExecutionStatus::from(new)),
            StageStatus::Unknown
        );
        assert_eq!(
            ActionStatus::from(&sdk::ActionExecutionStatus::from(new)),
            ActionStatus::Unknown
        );
        assert_eq!(
            ConditionStatus::from(&sdk::ConditionExecutionStatus::from(new)),
            ConditionStatus::Unknown
        );
        assert_eq!(
            RuleStatus::from(&sdk::RuleExecutionStatus::from(new)),
            RuleStatus::Unknown
        );
        assert_eq!(
            ExecutionStatus::from(&sdk::PipelineExecutionStatus::Superseded),
            ExecutionStatus::Superseded
        );
        assert_eq!(
            ConditionStatus::from(&sdk::ConditionExecutionStatus::Overridden),
            ConditionStatus::Overridden
        );
        assert_eq!(
            RuleStatus::from(&sdk::RuleExecutionStatus::InProgress),
            RuleStatus::InProgress
        );
    }
}
