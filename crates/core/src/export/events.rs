//! What watching by events needs in an account, as infrastructure-as-code for someone with the
//! rights to deploy it (`pipewright events export`): per reader, the EventBridge rule for
//! CodePipeline's state-change events and the SQS queue it feeds, with a queue policy that lets
//! only that rule send; and, for an organisation, the StackSet template that forwards every
//! member account's CodePipeline events to a central event bus (the standard cross-account
//! pattern) plus the central bus's policy. The names match what `pipewright events setup` creates
//! (`pipewright-watch-<reader>`), so a reader finds an exported queue the same way.

use crate::arn::Arn;

/// The event pattern, as the rule's YAML block (indented for the templates below).
const PATTERN_YAML: &str = "        source:
          - aws.codepipeline
        detail-type:
          - CodePipeline Pipeline Execution State Change
          - CodePipeline Stage Execution State Change
          - CodePipeline Action Execution State Change";

/// The rule and queue names of a reader.
pub fn resource_name(reader: &str) -> String {
    format!("pipewright-watch-{reader}")
}

/// CloudFormation (YAML) for one reader's rule and queue on `bus` (`None`: the default bus).
pub fn cloudformation(reader: &str, bus: Option<&str>) -> String {
    let bus_line = bus
        .map(|b| format!("      EventBusName: {b}\n"))
        .unwrap_or_default();
    format!(
        "AWSTemplateFormatVersion: \"2010-09-09\"
Description: >-
  Pipewright watches this account's pipelines by CodePipeline's state-change events: a rule sends
  them to one reader's SQS queue (one queue per reader: each desktop and each `pipewright watch`).
Parameters:
  Reader:
    Type: String
    Default: {reader}
    AllowedPattern: \"[A-Za-z0-9_-]{{1,40}}\"
    Description: The reader's name (pipewright events status lists them).
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub pipewright-watch-${{Reader}}
      MessageRetentionPeriod: 86400
      ReceiveMessageWaitTimeSeconds: 20
      Tags:
        - Key: pipewright:reader
          Value: !Ref Reader
        - Key: pipewright:stack
          Value: !Ref AWS::StackName
  Rule:
    Type: AWS::Events::Rule
    Properties:
      Name: !Sub pipewright-watch-${{Reader}}
      Description: CodePipeline state changes for one Pipewright reader
{bus_line}      State: ENABLED
      EventPattern:
{PATTERN_YAML}
      Targets:
        - Id: queue
          Arn: !GetAtt Queue.Arn
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues:
        - !Ref Queue
      PolicyDocument:
        Version: \"2012-10-17\"
        Statement:
          - Sid: events
            Effect: Allow
            Principal:
              Service: events.amazonaws.com
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              ArnEquals:
                aws:SourceArn: !GetAtt Rule.Arn
Outputs:
  QueueUrl:
    Value: !Ref Queue
  RuleArn:
    Value: !GetAtt Rule.Arn
"
    )
}

/// Terraform (HCL) for one reader's rule and queue.
pub fn terraform(reader: &str, bus: Option<&str>) -> String {
    let name = resource_name(reader);
    let bus_line = bus
        .map(|b| format!("  event_bus_name = \"{b}\"\n"))
        .unwrap_or_default();
    format!(
        "# Pipewright watches this account's pipelines by CodePipeline's state-change events: a rule
# sends them to one reader's SQS queue (one queue per reader).

resource \"aws_sqs_queue\" \"pipewright_watch\" {{
  name                       = \"{name}\"
  message_retention_seconds  = 86400
  receive_wait_time_seconds  = 20
  tags = {{
    \"pipewright:reader\" = \"{reader}\"
    \"pipewright:stack\"  = \"terraform\"
  }}
}}

resource \"aws_cloudwatch_event_rule\" \"pipewright_watch\" {{
  name        = \"{name}\"
  description = \"CodePipeline state changes for one Pipewright reader\"
{bus_line}  event_pattern = jsonencode({{
    source      = [\"aws.codepipeline\"]
    detail-type = [
      \"CodePipeline Pipeline Execution State Change\",
      \"CodePipeline Stage Execution State Change\",
      \"CodePipeline Action Execution State Change\",
    ]
  }})
}}

resource \"aws_cloudwatch_event_target\" \"pipewright_watch\" {{
  rule      = aws_cloudwatch_event_rule.pipewright_watch.name
{bus_line}  target_id = \"queue\"
  arn       = aws_sqs_queue.pipewright_watch.arn
}}

resource \"aws_sqs_queue_policy\" \"pipewright_watch\" {{
  queue_url = aws_sqs_queue.pipewright_watch.id
  policy = jsonencode({{
    Version = \"2012-10-17\"
    Statement = [{{
      Sid       = \"events\"
      Effect    = \"Allow\"
      Principal = {{ Service = \"events.amazonaws.com\" }}
      Action    = \"sqs:SendMessage\"
      Resource  = aws_sqs_queue.pipewright_watch.arn
      Condition = {{ ArnEquals = {{ \"aws:SourceArn\" = aws_cloudwatch_event_rule.pipewright_watch.arn }} }}
    }}]
  }})
}}
"
    )
}

/// The read-only role the member template makes in every member account, which a watcher of the
/// central bus assumes to confirm an event with that account's pipeline state.
pub const READ_ROLE: &str = "PipewrightWatchRead";

/// What the read-only role may do: what the watcher reads to confirm a pipeline's state.
pub const READ_ACTIONS: [&str; 6] = [
    "codepipeline:GetPipelineState",
    "codepipeline:ListActionExecutions",
    "codepipeline:ListPipelineExecutions",
    "codepipeline:GetPipeline",
    "codepipeline:GetPipelineExecution",
    "codepipeline:ListPipelines",
];

/// The account of an ARN (`arn:aws:events:eu-west-1:111122223333:event-bus/pipelines`).
fn arn_account(arn: &str) -> Option<&str> {
    Arn::parse(arn)?.account_id()
}

/// CloudFormation (YAML) to deploy as a StackSet to every member account: a rule on the
/// account's default bus that forwards CodePipeline's state changes to the central bus, the
/// role EventBridge uses to put them there, and the read-only role ([`READ_ROLE`], trusted by the
/// central account) through which a watcher of the central bus confirms this account's pipeline
/// states. The role has a fixed name, so the StackSet needs `CAPABILITY_NAMED_IAM`.
pub fn organisation_members(central_bus_arn: &str) -> String {
    let central_account = arn_account(central_bus_arn).unwrap_or("111122223333");
    let actions: String = READ_ACTIONS
        .iter()
        .map(|a| format!("\n                  - {a}"))
        .collect();
    format!(
        "AWSTemplateFormatVersion: \"2010-09-09\"
Description: >-
  Deploy as a StackSet to every member account (with CAPABILITY_NAMED_IAM): forwards this
  account's CodePipeline state changes to the central event bus that Pipewright readers watch,
  and lets the central account read this account's pipeline states through a read-only role.
Parameters:
  CentralBusArn:
    Type: String
    Default: {central_bus_arn}
    Description: The ARN of the central account's event bus.
  CentralAccountId:
    Type: String
    Default: \"{central_account}\"
    AllowedPattern: \"[0-9]{{12}}\"
    Description: The central account, whose watchers assume the read-only role.
  ReadRoleName:
    Type: String
    Default: {READ_ROLE}
    AllowedPattern: \"[A-Za-z0-9+=,.@_-]{{1,64}}\"
    Description: >-
      The read-only role's name; Pipewright assumes this name in every member account
      (pipewright watch --member-role NAME when it is not {READ_ROLE}).
Resources:
  ReadRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Ref ReadRoleName
      Description: Pipewright watchers in the central account read this account's pipeline states
      AssumeRolePolicyDocument:
        Version: \"2012-10-17\"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub arn:${{AWS::Partition}}:iam::${{CentralAccountId}}:root
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read-pipeline-state
          PolicyDocument:
            Version: \"2012-10-17\"
            Statement:
              - Effect: Allow
                Action:{actions}
                Resource: \"*\"
  ForwardRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: \"2012-10-17\"
        Statement:
          - Effect: Allow
            Principal:
              Service: events.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: put-events-on-the-central-bus
          PolicyDocument:
            Version: \"2012-10-17\"
            Statement:
              - Effect: Allow
                Action: events:PutEvents
                Resource: !Ref CentralBusArn
  ForwardRule:
    Type: AWS::Events::Rule
    Properties:
      Name: pipewright-forward-codepipeline
      Description: CodePipeline state changes to the central bus Pipewright watches
      State: ENABLED
      EventPattern:
{PATTERN_YAML}
      Targets:
        - Id: central-bus
          Arn: !Ref CentralBusArn
          RoleArn: !GetAtt ForwardRole.Arn
Outputs:
  ReadRoleArn:
    Value: !GetAtt ReadRole.Arn
"
    )
}

/// CloudFormation (YAML) for the central account: the event bus the members forward to, open to
/// the accounts of one organisation.
pub fn organisation_central(bus: &str, organisation_id: &str) -> String {
    format!(
        "AWSTemplateFormatVersion: \"2010-09-09\"
Description: >-
  The central event bus of an organisation's CodePipeline state changes; Pipewright readers set up
  with --bus read it (pipewright events setup --bus {bus}).
Parameters:
  BusName:
    Type: String
    Default: {bus}
  OrganizationId:
    Type: String
    Default: {organisation_id}
    AllowedPattern: \"o-[a-z0-9]{{10,32}}\"
Resources:
  Bus:
    Type: AWS::Events::EventBus
    Properties:
      Name: !Ref BusName
  MembersMayPut:
    Type: AWS::Events::EventBusPolicy
    Properties:
      EventBusName: !Ref Bus
      StatementId: organisation-members
      Statement:
        Effect: Allow
        Principal: \"*\"
        Action: events:PutEvents
        Resource: !GetAtt Bus.Arn
        Condition:
          StringEquals:
            aws:PrincipalOrgID: !Ref OrganizationId
Outputs:
  BusArn:
    Value: !GetAtt Bus.Arn
"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reader_templates_name_what_setup_creates() {
        let cfn = cloudformation("ada-laptop-app", None);
        assert!(cfn.contains("Default: ada-laptop-app"));
        assert!(cfn.contains("pipewright-watch-${Reader}"));
        assert!(!cfn.contains("EventBusName"));
        assert!(cloudformation("r", Some("central")).contains("EventBusName: central"));
        let tf = terraform("ada-laptop-app", None);
        assert!(tf.contains("name                       = \"pipewright-watch-ada-laptop-app\""));
        assert!(tf.contains("aws_cloudwatch_event_target"));
    }

    #[test]
    fn the_member_template_makes_a_read_only_role_the_central_account_may_assume() {
        let members =
            organisation_members("arn:aws:events:eu-west-1:111122223333:event-bus/pipelines");
        assert!(members.contains("Default: \"111122223333\""), "{members}");
        assert!(members.contains(&format!("Default: {READ_ROLE}")));
        assert!(members.contains(":iam::${CentralAccountId}:root"));
        for action in READ_ACTIONS {
            assert!(members.contains(&format!("- {action}\n")), "{action}");
        }
        // Reading only: no other CodePipeline action is granted.
        let granted = members.matches("- codepipeline:").count();
        assert_eq!(granted, READ_ACTIONS.len());
    }
}
