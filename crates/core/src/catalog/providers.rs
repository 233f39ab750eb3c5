//! The catalog's data: one function call per provider.
//!
//! Sources, in order of precedence:
//! 1. the action structure reference pages
//!    (`https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-<Name>.html`),
//!    for configuration keys and artifact counts;
//! 2. the artifacts table
//!    (`https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-action-artifacts.html`);
//! 3. the valid providers page
//!    (`https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-valid-providers.html`),
//!    for which actions are V2-only.
//!
//! Disagreements, and what this file does:
//! - The artifacts table lists `CodeStarSourceConnection` with owner `ThirdParty`; the action
//!   reference and every example use owner `AWS`, and the service accepts only `AWS`. We follow
//!   the action reference (`AWS`).
//! - The artifacts table gives Custom/Jenkins 0..5 inputs and outputs while the API model's
//!   `ArtifactDetails` allows 0..5 for any custom action type: they agree, so Custom Build/Test
//!   actions with any provider name get 0..5 / 0..5. Their configuration keys are the properties
//!   their custom action type declares ("Custom action configuration properties", API model
//!   `ActionConfigurationProperty`), which are not in the document: the entry lists the Jenkins
//!   plugin's `ProjectName` for the palette, requires nothing, and calls no key unknown
//!   (`open_config`), so `Custom/Jenkins/2` with `ServerURL` is not judged by Jenkins' list.
//! - EKS: the action reference says "Input artifacts: 1" but the action also deploys a Helm chart
//!   from a repository URL (`HelmChartLocation`), which needs no artifact; we accept 0..1 so a
//!   valid pipeline is never rejected offline.
//! - Beyond the providers the designer palette must offer, DeviceFarm, CloudFormationStackInstances,
//!   AppConfig and AlexaSkillsKit are catalogued so common pipelines are fully checked.
//! - CloudFormationStackSet: the action reference gives 1..10 inputs (the template and
//!   parameters may come from different artifacts) and no outputs; we follow it.
//! - EKS: the action reference names the VPC subnets key `Subnets` (earlier versions of this
//!   catalog said `SubnetIds`); we follow the page.
//! - Lambda deploy: "Input artifacts: 1", yet `PublishedTargetVersion` is "Required if no input
//!   artifact is provided": we accept 0..1 and require the version without an input (E507).
//! - EC2 deploy: `PostScript` says "Required: Yes" and `TargetDirectory` "Yes (If script is
//!   specified)", but the page's own DeploySpec example has neither: both are conditional on
//!   not using `DeploySpec` (E507). Service Catalog likewise: its four "Required: Yes" keys
//!   give way to `ConfigurationFilePath` + `ProductId` in the page's second example, so only
//!   `ProductId` is always required.
//! - OpsWorks: the artifacts table gives 1 input and 0 outputs, its action reference page 1 and
//!   "0 to 1"; we follow the page.
//! - InspectorScan: "Input artifacts: 1 ... If the scan is for an ECR repository, this input
//!   artifact is not needed": 0..1.
//! - Snyk (Invoke/ThirdParty/Snyk) is no longer in the current action reference; its page (kept
//!   in the user guide's GitHub history, `doc_source/action-reference-Snyk.md`) gives its type and
//!   1 input / 1 output but no configuration keys, which Snyk's console setup writes: it is
//!   catalogued so existing pipelines are checked, with `open_config`.

use super::{ArtifactRange, ConfigKey, Provider};

const GUIDE: &str = "https://docs.aws.amazon.com/codepipeline/latest/userguide/";

struct P(Provider);

#[allow(clippy::too_many_arguments)]
fn provider(
    category: &str,
    owner: &str,
    name: &str,
    display: &str,
    description: &str,
    page: &str,
    inputs: (u32, u32),
    outputs: (u32, u32),
) -> P {
    P(Provider {
        category: category.into(),
        owner: owner.into(),
        provider: name.into(),
        version: "1".into(),
        display_name: display.into(),
        description: description.into(),
        docs_url: format!("{GUIDE}{page}"),
        input_artifacts: ArtifactRange::new(inputs.0, inputs.1),
        output_artifacts: ArtifactRange::new(outputs.0, outputs.1),
        v2_only: false,
        legacy: false,
        any_provider_name: false,
        cross_region: category != "Source" && owner == "AWS",
        open_config: false,
        config: Vec::new(),
    })
}

impl P {
    fn key(mut self, name: &str, required: bool, help: &str) -> Self {
        self.0.config.push(ConfigKey {
            name: name.into(),
            required,
            secret: false,
            help: help.into(),
            allowed: None,
            default: None,
        });
        self
    }
    fn req(self, name: &str, help: &str) -> Self {
        self.key(name, true, help)
    }
    fn opt(self, name: &str, help: &str) -> Self {
        self.key(name, false, help)
    }
    /// The last key takes only these values.
    fn one_of(mut self, allowed: &[&str]) -> Self {
        if let Some(k) = self.0.config.last_mut() {
            k.allowed = Some(allowed.iter().map(|s| s.to_string()).collect());
        }
        self
    }
    /// The last key defaults to this value.
    fn default(mut self, value: &str) -> Self {
        if let Some(k) = self.0.config.last_mut() {
            k.default = Some(value.into());
        }
        self
    }
    /// The last key is secret.
    fn secret(mut self) -> Self {
        if let Some(k) = self.0.config.last_mut() {
            k.secret = true;
        }
        self
    }
    fn v2_only(mut self) -> Self {
        self.0.v2_only = true;
        self
    }
    fn legacy(mut self) -> Self {
        self.0.legacy = true;
        self
    }
    fn any_name(mut self) -> Self {
        self.0.any_provider_name = true;
        self
    }
    /// Its configuration keys are declared elsewhere; `config` lists the usual ones.
    fn open(mut self) -> Self {
        self.0.open_config = true;
        self
    }
    fn poll(self) -> Self {
        self.opt(
            "PollForSourceChanges",
            "Whether CodePipeline polls the source for changes. Prefer `false` with an event-based trigger (EventBridge rule or webhook); polling is slower and limited to 300 pipelines per region.",
        )
        .one_of(&["true", "false"])
    }
    fn done(self) -> Provider {
        self.0
    }
}

const BOOL: &[&str] = &["true", "false"];

fn codebuild(category: &str) -> Provider {
    let (display, what) = if category == "Build" {
        (
            "CodeBuild",
            "Builds the input artifacts with an AWS CodeBuild project.",
        )
    } else {
        (
            "CodeBuild (test)",
            "Runs tests with an AWS CodeBuild project.",
        )
    };
    provider(category, "AWS", "CodeBuild", display, what, "action-reference-CodeBuild.html", (1, 5), (0, 5))
        .req("ProjectName", "The name of the CodeBuild project in the pipeline's region (or the action's `region`).")
        .opt("PrimarySource", "The input artifact CodeBuild treats as the primary source (required when there is more than one input artifact).")
        .opt("BatchEnabled", "Run a batch build (build graph, list or matrix) instead of a single build.")
        .one_of(BOOL)
        .default("false")
        .opt("CombineArtifacts", "With batch builds, combine every build's artifacts into one output artifact.")
        .one_of(BOOL)
        .opt("EnvironmentVariables", "A JSON list of `{name, value, type}` environment variables overriding the project's (type PLAINTEXT, PARAMETER_STORE or SECRETS_MANAGER; never put secrets in PLAINTEXT).")
        .opt("BuildspecOverride", "An inline buildspec, or the path of another buildspec file (relative to the source root, or an S3 object ARN), used instead of the project's for this build only.")
        .done()
}

fn jenkins(category: &str) -> Provider {
    provider(
        category,
        "Custom",
        "Jenkins",
        if category == "Build" { "Jenkins" } else { "Jenkins (test)" },
        "A custom action served by a Jenkins server through the CodePipeline Jenkins plugin. The provider name is the one configured in the plugin; any Custom-owner Build or Test action is checked as this one, with the configuration keys its custom action type declares.",
        "tutorials-four-stage-pipeline.html",
        (0, 5),
        (0, 5),
    )
    .opt("ProjectName", "The Jenkins project (job) name, as the CodePipeline Jenkins plugin declares it; other custom action types declare their own keys.")
    .any_name()
    .open()
    .done()
}

/// Every catalogued provider, in palette order (by category, then popularity).
pub(super) fn all() -> Vec<Provider> {
    vec![
        // --- Source -------------------------------------------------------------------
        provider("Source", "AWS", "CodeCommit", "CodeCommit", "Starts the pipeline from a branch of an AWS CodeCommit repository.", "action-reference-CodeCommit.html", (0, 0), (1, 1))
            .req("RepositoryName", "The name of the CodeCommit repository.")
            .req("BranchName", "The branch whose commits start the pipeline.")
            .poll()
            .opt("OutputArtifactFormat", "CODE_ZIP (default: a zip of the files) or CODEBUILD_CLONE_REF (a git reference CodeBuild clones, keeping git metadata).")
            .one_of(&["CODE_ZIP", "CODEBUILD_CLONE_REF"])
            .default("CODE_ZIP")
            .done(),
        provider("Source", "AWS", "CodeStarSourceConnection", "GitHub / GitLab / Bitbucket (connection)", "Starts the pipeline from a repository on GitHub, GitHub Enterprise Server, GitLab or Bitbucket through a CodeConnections connection. The recommended way to use GitHub; supports V2 triggers.", "action-reference-CodestarConnectionSource.html", (0, 0), (1, 1))
            .req("ConnectionArn", "The ARN of the connection (arn:aws:codeconnections:... or arn:aws:codestar-connections:...).")
            .req("FullRepositoryId", "The owner and name of the repository, `owner/repo`.")
            .req("BranchName", "The branch whose commits start the pipeline (also used for manual starts when triggers filter branches).")
            .opt("OutputArtifactFormat", "CODE_ZIP (default) or CODEBUILD_CLONE_REF (full git clone; CodeBuild needs connection permissions).")
            .one_of(&["CODE_ZIP", "CODEBUILD_CLONE_REF"])
            .default("CODE_ZIP")
            .opt("DetectChanges", "Start the pipeline automatically on new commits (default true). Ignored when the pipeline has a trigger for this action.")
            .one_of(BOOL)
            .default("true")
            .done(),
        provider("Source", "AWS", "S3", "S3 (source)", "Starts the pipeline from a versioned object (a zip) in an S3 bucket.", "action-reference-S3.html", (0, 0), (1, 1))
            .req("S3Bucket", "The name of the versioned S3 bucket.")
            .req("S3ObjectKey", "The key of the source object, e.g. `app/source.zip`.")
            .poll()
            .opt("AllowOverrideForS3ObjectKey", "Allow a start-pipeline-execution source revision override to pick another object key (V2).")
            .one_of(BOOL)
            .default("false")
            .done(),
        provider("Source", "AWS", "ECR", "ECR (source)", "Starts the pipeline when an image is pushed to an Amazon ECR repository.", "action-reference-ECR.html", (0, 0), (1, 1))
            .req("RepositoryName", "The name of the ECR repository.")
            .opt("ImageTag", "The image tag that starts the pipeline.")
            .default("latest")
            .done(),
        provider("Source", "ThirdParty", "GitHub", "GitHub (version 1, OAuth)", "Legacy GitHub source using an OAuth token. Not recommended: use a CodeStarSourceConnection (GitHub version 2) action instead.", "appendix-github-oauth.html", (0, 0), (1, 1))
            .req("Owner", "The GitHub user or organization that owns the repository.")
            .req("Repo", "The repository name.")
            .req("Branch", "The branch whose commits start the pipeline.")
            .req("OAuthToken", "A GitHub OAuth or personal access token. get-pipeline returns it masked as `****`; keep `****` in the file to preserve the stored value, or use a CloudFormation dynamic reference to Secrets Manager.")
            .secret()
            .poll()
            .legacy()
            .done(),
        // --- Build --------------------------------------------------------------------
        codebuild("Build"),
        provider("Build", "AWS", "ECRBuildAndPublish", "ECR build and publish", "Builds a Docker image from the source and pushes it to an Amazon ECR repository, without a CodeBuild project (V2 pipelines only).", "action-reference-ECRBuildAndPublish.html", (1, 1), (0, 0))
            .req("ECRRepositoryName", "The name of the ECR repository to push to.")
            .opt("DockerFilePath", "The folder of the Dockerfile in the source, default the root.")
            .opt("ImageTags", "Comma-separated tags for the image, default `latest`.")
            .opt("RegistryType", "`private` (default) or `public` ECR registry.")
            .one_of(&["private", "public"])
            .default("private")
            .v2_only()
            .done(),
        jenkins("Build"),
        // --- Test ---------------------------------------------------------------------
        codebuild("Test"),
        jenkins("Test"),
        provider("Test", "AWS", "DeviceFarm", "Device Farm", "Runs mobile or web app tests on real devices in AWS Device Farm.", "action-reference-DeviceFarm.html", (1, 1), (0, 0))
            .req("AppType", "The platform of the app: iOS, Android or Web.")
            .one_of(&["iOS", "Android", "Web"])
            .req("ProjectId", "The Device Farm project id.")
            .req("App", "The app file in the input artifact (e.g. `app-release.apk`).")
            .req("DevicePoolArn", "The device pool to run on.")
            .req("TestType", "The test framework, e.g. APPIUM_PYTHON, INSTRUMENTATION, XCTEST_UI, BUILTIN_FUZZ.")
            .opt("Test", "The test package file in the input artifact.")
            .opt("TestSpec", "The test spec file (custom environment mode).")
            .opt("RadioBluetoothEnabled", "Enable Bluetooth on the devices.")
            .one_of(BOOL)
            .opt("RadioWifiEnabled", "Enable Wi-Fi on the devices.")
            .one_of(BOOL)
            .opt("RadioNfcEnabled", "Enable NFC on the devices.")
            .one_of(BOOL)
            .opt("RadioGpsEnabled", "Enable GPS on the devices.")
            .one_of(BOOL)
            .opt("FuzzEventCount", "Built-in fuzz test: number of UI events.")
            .opt("FuzzEventThrottle", "Built-in fuzz test: milliseconds between events.")
            .opt("FuzzRandomSeed", "Built-in fuzz test: random seed.")
            .opt("CustomHostMachineArtifacts", "Where the host machine stores custom artifacts.")
            .opt("CustomDeviceArtifacts", "Where the device stores custom artifacts.")
            .opt("UnmeteredDevicesOnly", "Use only unmetered devices.")
            .one_of(BOOL)
            .opt("JobTimeoutMinutes", "Minutes before the test run times out.")
            .opt("Latitude", "Device latitude.")
            .opt("Longitude", "Device longitude.")
            .done(),
        // --- Compute ------------------------------------------------------------------
        provider("Compute", "AWS", "Commands", "Commands", "Runs shell commands on CodeBuild compute without a CodeBuild project: `commands` (1..50), optional `outputVariables`, `environmentVariables` and output artifact `files` (V2 pipelines only).", "action-reference-Commands.html", (1, 10), (0, 1))
            .opt("EnvironmentType", "The build environment's OS image: LINUX_CONTAINER (default) or WINDOWS_SERVER_2022_CONTAINER.")
            .one_of(&["LINUX_CONTAINER", "WINDOWS_SERVER_2022_CONTAINER"])
            .default("LINUX_CONTAINER")
            .opt("ComputeType", "The compute size: BUILD_GENERAL1_SMALL (default), BUILD_GENERAL1_MEDIUM or BUILD_GENERAL1_LARGE; not every size exists for every environment type (Windows has no SMALL).")
            .one_of(&["BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM", "BUILD_GENERAL1_LARGE"])
            .default("BUILD_GENERAL1_SMALL")
            .opt("VpcId", "The VPC of the resources the commands reach.")
            .opt("Subnets", "The VPC subnets, when the commands connect to resources in a VPC.")
            .opt("SecurityGroupIds", "The VPC security groups, when the commands connect to resources in a VPC.")
            .v2_only()
            .done(),
        // --- Approval -----------------------------------------------------------------
        provider("Approval", "AWS", "Manual", "Manual approval", "Stops the pipeline until someone approves or rejects. Waits up to 7 days by default; `timeoutInMinutes` sets 5..86400.", "approvals-action-add.html", (0, 0), (0, 0))
            .opt("NotificationArn", "An SNS topic ARN notified when approval is needed.")
            .opt("ExternalEntityLink", "A URL the approver should review.")
            .opt("CustomData", "A message shown to the approver.")
            .done(),
        // --- Deploy -------------------------------------------------------------------
        provider("Deploy", "AWS", "CodeDeploy", "CodeDeploy", "Deploys the input artifact to EC2 / on-premises instances with AWS CodeDeploy.", "action-reference-CodeDeploy.html", (1, 1), (0, 0))
            .req("ApplicationName", "The CodeDeploy application.")
            .req("DeploymentGroupName", "The deployment group to deploy to.")
            .done(),
        provider("Deploy", "AWS", "ElasticBeanstalk", "Elastic Beanstalk", "Deploys the input artifact to an Elastic Beanstalk environment.", "action-reference-Beanstalk.html", (1, 1), (0, 0))
            .req("ApplicationName", "The Elastic Beanstalk application.")
            .req("EnvironmentName", "The environment to deploy to.")
            .done(),
        provider("Deploy", "AWS", "CloudFormation", "CloudFormation", "Creates, updates or deletes a CloudFormation stack, or creates / executes a change set.", "action-reference-CloudFormation.html", (0, 10), (0, 1))
            .req("ActionMode", "What to do with the stack: CREATE_UPDATE, DELETE_ONLY, REPLACE_ON_FAILURE, CHANGE_SET_REPLACE (create a change set) or CHANGE_SET_EXECUTE.")
            .one_of(&["CREATE_UPDATE", "DELETE_ONLY", "REPLACE_ON_FAILURE", "CHANGE_SET_REPLACE", "CHANGE_SET_EXECUTE"])
            .req("StackName", "The stack to act on.")
            .opt("Capabilities", "Comma-separated: CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND (needed when the template creates IAM resources or uses macros).")
            .opt("ChangeSetName", "The change set to create or execute (required for CHANGE_SET_REPLACE and CHANGE_SET_EXECUTE).")
            .opt("RoleArn", "The role CloudFormation assumes to act on the stack.")
            .opt("TemplatePath", "`ArtifactName::path/to/template.yaml` (required for CREATE_UPDATE, REPLACE_ON_FAILURE and CHANGE_SET_REPLACE).")
            .opt("TemplateConfiguration", "`ArtifactName::path/to/config.json`: parameters, tags and stack policy.")
            .opt("ParameterOverrides", "A JSON object of parameter values (at most 1 KB); may use Fn::GetParam and Fn::GetArtifactAtt.")
            .opt("OutputFileName", "Write the stack outputs to this file in the output artifact.")
            .done(),
        provider("Deploy", "AWS", "CloudFormationStackSet", "CloudFormation StackSet", "Creates or updates a CloudFormation stack set and deploys its instances across accounts and regions.", "action-reference-StackSets.html", (1, 10), (0, 0))
            .req("StackSetName", "The stack set to create or update.")
            .req("TemplatePath", "`ArtifactName::path/to/template.yaml`.")
            .opt("Description", "A description of the stack set.")
            .opt("ParameterPath", "`ArtifactName::path/to/parameters.json`.")
            .opt("Capabilities", "Comma-separated CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND.")
            .opt("PermissionModel", "SELF_MANAGED (default: you create the roles) or SERVICE_MANAGED (AWS Organizations).")
            .one_of(&["SELF_MANAGED", "SERVICE_MANAGED"])
            .default("SELF_MANAGED")
            .opt("AdministrationRoleArn", "With SELF_MANAGED: the administration role.")
            .opt("ExecutionRoleName", "With SELF_MANAGED: the execution role name in target accounts.")
            .opt("OrganizationsAutoDeployment", "With SERVICE_MANAGED: deploy to accounts added to the target OUs.")
            .one_of(&["Enabled", "Disabled", "EnabledWithStackRetention"])
            .opt("DeploymentTargets", "Account ids or OU ids, comma-separated or `ArtifactName::path`.")
            .opt("Regions", "Comma-separated regions to deploy instances to.")
            .opt("FailureTolerancePercentage", "Percentage of accounts per region that may fail.")
            .opt("FailureToleranceCount", "Number of accounts per region that may fail.")
            .opt("MaxConcurrentPercentage", "Percentage of accounts deployed at once.")
            .opt("MaxConcurrentCount", "Number of accounts deployed at once.")
            .done(),
        provider("Deploy", "AWS", "ECS", "ECS (rolling)", "Deploys new images to an Amazon ECS service with a rolling update, from an imagedefinitions.json file.", "action-reference-ECS.html", (1, 1), (0, 0))
            .req("ClusterName", "The ECS cluster.")
            .req("ServiceName", "The ECS service to update.")
            .opt("FileName", "The image definitions file in the input artifact.")
            .default("imagedefinitions.json")
            .opt("DeploymentTimeout", "Minutes to wait for the deployment (1..60, default 60).")
            .done(),
        provider("Deploy", "AWS", "CodeDeployToECS", "ECS (blue/green, CodeDeploy)", "Blue/green deployment of an Amazon ECS service through CodeDeploy, from a task definition and an AppSpec file.", "action-reference-ECSbluegreen.html", (1, 5), (0, 0))
            .req("ApplicationName", "The CodeDeploy application.")
            .req("DeploymentGroupName", "The CodeDeploy deployment group of the ECS service.")
            .req("TaskDefinitionTemplateArtifact", "The input artifact holding the task definition file.")
            .req("AppSpecTemplateArtifact", "The input artifact holding the AppSpec file.")
            .opt("TaskDefinitionTemplatePath", "The task definition file name, default `taskdef.json`.")
            .opt("AppSpecTemplatePath", "The AppSpec file name, default `appspec.yaml`.")
            .opt("Image1ArtifactName", "The input artifact holding imageDetail.json for image 1.")
            .opt("Image1ContainerName", "The placeholder in the task definition replaced by image 1 (e.g. IMAGE1_NAME).")
            .opt("Image2ArtifactName", "Input artifact for image 2.")
            .opt("Image2ContainerName", "Placeholder for image 2.")
            .opt("Image3ArtifactName", "Input artifact for image 3.")
            .opt("Image3ContainerName", "Placeholder for image 3.")
            .opt("Image4ArtifactName", "Input artifact for image 4.")
            .opt("Image4ContainerName", "Placeholder for image 4.")
            .done(),
        provider("Deploy", "AWS", "S3", "S3 (deploy)", "Copies the input artifact to an S3 bucket, extracted or as one object.", "action-reference-S3Deploy.html", (1, 1), (0, 0))
            .req("BucketName", "The destination bucket.")
            .req("Extract", "`true`: unzip the artifact into the bucket; `false`: upload it as one object at ObjectKey.")
            .one_of(BOOL)
            .opt("ObjectKey", "The object key (required when Extract is false) or, when extracting, a key prefix.")
            .opt("KMSEncryptionKeyARN", "A KMS key to encrypt the uploaded objects.")
            .opt("CannedACL", "A canned ACL for the objects.")
            .one_of(&["private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read", "bucket-owner-read", "bucket-owner-full-control", "log-delivery-write"])
            .opt("CacheControl", "A Cache-Control header for the objects.")
            .done(),
        provider("Deploy", "AWS", "EKS", "EKS", "Deploys Kubernetes manifests or a Helm chart to an Amazon EKS cluster (V2 pipelines only).", "action-reference-EKS.html", (0, 1), (0, 0))
            .req("ClusterName", "The EKS cluster.")
            .opt("ManifestFiles", "With kubectl: the manifest file(s) in the input artifact (required unless a Helm chart is deployed).")
            .opt("HelmReleaseName", "With Helm: the release name (required with a Helm chart).")
            .opt("HelmChartLocation", "With Helm: the chart location, in the input artifact or an OCI / repository URL (required with a Helm chart).")
            .opt("HelmValuesFiles", "With Helm: comma-separated values files in the chart location.")
            .opt("Namespace", "The Kubernetes namespace for `kubectl` or `helm`.")
            .opt("Subnets", "Subnets of the cluster's VPC (for a private cluster endpoint).")
            .opt("SecurityGroupIds", "Security groups of the cluster's VPC (for a private cluster endpoint).")
            .v2_only()
            .done(),
        provider("Deploy", "AWS", "Lambda", "Lambda (deploy)", "Deploys a Lambda function's code and shifts its alias to the new version, all at once or canary / linear (V2 pipelines only).", "action-reference-LambdaDeploy.html", (0, 1), (0, 0))
            .req("FunctionName", "The Lambda function, e.g. `MyLambdaFunction` (a version must already exist).")
            .opt("FunctionAlias", "The alias to deploy to, e.g. `live`; it must exist with one version behind it (the rollback target). Without it the code goes to $LATEST as a new version, with no deploy strategy.")
            .opt("PublishedTargetVersion", "The published function version to deploy to FunctionAlias, e.g. `#{variables.lambdaTargetVersion}` (required without an input artifact).")
            .opt("DeployStrategy", "How traffic shifts to the new version: AllAtOnce (default), CanaryNPercentMMinutes (e.g. Canary10Percent5Minutes) or LinearNPercentEveryMMinute(s) (e.g. Linear10PercentEvery1Minute); only with FunctionAlias, at most 2 days in all.")
            .default("AllAtOnce")
            .opt("Alarms", "Comma-separated CloudWatch alarm names (at most 10); the action fails when one goes to ALARM.")
            .v2_only()
            .done(),
        provider("Deploy", "AWS", "EC2", "EC2 (deploy)", "Deploys the input artifact to Amazon EC2 Linux instances or SSM-managed nodes found by tag (at most 500), with scripts or a deploy spec file (V2 pipelines only).", "action-reference-EC2Deploy.html", (1, 1), (0, 0))
            .req("InstanceTagKey", "The tag key of the instances, e.g. `Name`.")
            .opt("InstanceTagValue", "The tag value of the instances; without it every instance with the tag key matches.")
            .req("InstanceType", "EC2 (instances) or SSM_MANAGED_NODE; every instance needs the SSM agent.")
            .one_of(&["EC2", "SSM_MANAGED_NODE"])
            .opt("TargetDirectory", "The directory on the instance where the scripts run (required with PreScript / PostScript).")
            .opt("DeploySpec", "A deploy spec file (YAML: files, scripts, hooks) instead of TargetDirectory / PreScript / PostScript.")
            .opt("PreScript", "The script to run before the deploy phase.")
            .opt("PostScript", "The script to run after the deploy phase (required unless DeploySpec is set).")
            .opt("MaxBatch", "The maximum number of instances deployed in parallel.")
            .opt("MaxError", "The maximum number of instance errors allowed during the deployment.")
            .opt("TargetGroupNameList", "Load balancer target groups the instances leave before and rejoin after their deployment.")
            .v2_only()
            .done(),
        provider("Deploy", "AWS", "ServiceCatalog", "Service Catalog", "Publishes the template in the input artifact as a new version of an AWS Service Catalog product.", "action-reference-ServiceCatalog.html", (1, 1), (0, 0))
            .req("ProductId", "The product id in Service Catalog, e.g. `prod-example123456`.")
            .opt("TemplateFilePath", "The product template in the input artifact (required unless ConfigurationFilePath is set).")
            .opt("ProductVersionName", "The new product version's name (required unless ConfigurationFilePath is set).")
            .opt("ProductType", "The product type, e.g. CLOUD_FORMATION_TEMPLATE (required unless ConfigurationFilePath is set).")
            .opt("ProductVersionDescription", "The new product version's description.")
            .opt("ConfigurationFilePath", "A configuration file in the input artifact that holds the product version's settings, instead of the keys above.")
            .done(),
        provider("Deploy", "AWS", "OpsWorks", "OpsWorks", "Deploys the input artifact to an AWS OpsWorks Stacks app.", "action-reference-OpsWorks.html", (1, 1), (0, 1))
            .req("Stack", "The OpsWorks stack.")
            .req("App", "The OpsWorks app: the code to deploy and run.")
            .opt("Layer", "The OpsWorks layer: the configuration and resources of a set of instances.")
            .done(),
        provider("Deploy", "AWS", "CloudFormationStackInstances", "CloudFormation stack instances", "Adds or updates stack instances of an existing stack set in more accounts and regions (after a CloudFormationStackSet action).", "action-reference-StackSets.html", (0, 10), (0, 0))
            .req("StackSetName", "The existing stack set.")
            .req("DeploymentTargets", "Account ids or OU ids, comma-separated or `ArtifactName::path`.")
            .req("Regions", "Comma-separated regions for the instances.")
            .opt("ParameterOverrides", "Parameter values for these instances (`ArtifactName::path` or a list).")
            .opt("FailureTolerancePercentage", "Percentage of accounts per region that may fail.")
            .opt("FailureToleranceCount", "Number of accounts per region that may fail.")
            .opt("MaxConcurrentPercentage", "Percentage of accounts deployed at once.")
            .opt("MaxConcurrentCount", "Number of accounts deployed at once.")
            .done(),
        provider("Deploy", "AWS", "AppConfig", "AppConfig", "Deploys a configuration file from the input artifact with AWS AppConfig.", "action-reference-AppConfig.html", (1, 1), (0, 0))
            .req("Application", "The AppConfig application id.")
            .req("Environment", "The AppConfig environment id.")
            .req("ConfigurationProfile", "The configuration profile id.")
            .req("InputArtifactConfigurationPath", "The configuration file in the input artifact.")
            .req("DeploymentStrategy", "The deployment strategy id (e.g. AppConfig.AllAtOnce).")
            .done(),
        provider("Deploy", "ThirdParty", "AlexaSkillsKit", "Alexa Skills Kit", "Deploys an Alexa skill (skill package and optional Lambda).", "action-reference-AlexaSkillsKit.html", (1, 2), (0, 0))
            .req("ClientId", "The client id of the Login with Amazon security profile.")
            .req("ClientSecret", "The client secret of the security profile; returned masked as `****`.")
            .secret()
            .req("RefreshToken", "The refresh token from the ASK CLI; returned masked as `****`.")
            .secret()
            .req("SkillId", "The Alexa skill id.")
            .done(),
        // --- Invoke -------------------------------------------------------------------
        provider("Invoke", "AWS", "Lambda", "Lambda", "Invokes a Lambda function that reports back with PutJobSuccessResult / PutJobFailureResult.", "action-reference-Lambda.html", (0, 5), (0, 5))
            .req("FunctionName", "The Lambda function name or ARN.")
            .opt("UserParameters", "A string passed to the function in the job data.")
            .done(),
        provider("Invoke", "AWS", "StepFunctions", "Step Functions", "Starts a Step Functions state machine execution and waits for it.", "action-reference-StepFunctions.html", (0, 1), (0, 1))
            .req("StateMachineArn", "The state machine ARN.")
            .opt("ExecutionNamePrefix", "A prefix for the execution name (the pipeline execution id is appended).")
            .opt("InputType", "`Literal` (Input is the JSON input) or `FilePath` (Input names a file in the input artifact).")
            .one_of(&["Literal", "FilePath"])
            .default("Literal")
            .opt("Input", "The execution input: JSON, or a file path with InputType FilePath.")
            .done(),
        provider("Invoke", "AWS", "CodePipeline", "CodePipeline (invoke)", "Starts another pipeline's execution, passing pipeline variables and source revisions (V2 pipelines only).", "action-reference-PipelineInvoke.html", (0, 0), (0, 0))
            .req("PipelineName", "The pipeline to start.")
            .opt("SourceRevisions", "A JSON list of source revision overrides for the started pipeline, e.g. `[{\"actionName\":\"Source\",\"revisionType\":\"S3_OBJECT_VERSION_ID\",\"revisionValue\":\"...\"}]`.")
            .opt("Variables", "A JSON list of pipeline variables for the started pipeline, e.g. `[{\"name\":\"VAR1\",\"value\":\"VALUE1\"}]`.")
            .v2_only()
            .done(),
        provider("Invoke", "AWS", "InspectorScan", "Amazon Inspector scan", "Scans source code or an ECR image for vulnerabilities with Amazon Inspector and fails above the thresholds set; writes an SBOM (runs on CodeBuild compute).", "action-reference-InspectorScan.html", (0, 1), (1, 1))
            .req("InspectorRunMode", "What to scan: SourceCodeScan (the input artifact) or ECRImageScan (an image, no input artifact).")
            .one_of(&["SourceCodeScan", "ECRImageScan"])
            .opt("ECRRepositoryName", "The ECR repository the image was pushed to (ECRImageScan).")
            .opt("ImageTag", "The image's tag (ECRImageScan).")
            .opt("CriticalThreshold", "Critical vulnerabilities found beyond this number fail the action.")
            .opt("HighThreshold", "High-severity vulnerabilities found beyond this number fail the action.")
            .opt("MediumThreshold", "Medium-severity vulnerabilities found beyond this number fail the action.")
            .opt("LowThreshold", "Low-severity vulnerabilities found beyond this number fail the action.")
            .done(),
        provider("Invoke", "ThirdParty", "Snyk", "Snyk", "Scans the input artifact's open source dependencies or container image for vulnerabilities with Snyk; set up from the console, which writes its configuration.", "action-reference-Snyk.html", (1, 1), (1, 1))
            .open()
            .done(),
    ]
}
