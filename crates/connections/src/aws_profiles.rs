//! The named profiles of `~/.aws/config` and `~/.aws/credentials` (or the files that
//! `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` name), parsed by aws-config's own parser.
//! Only names and non-secret settings come out; keys stay in the files.

use aws_config::profile::{Profile, ProfileSet};
use aws_runtime::env_config::file::EnvConfigFiles as ProfileFiles;
use aws_types::os_shim_internal::{Env, Fs};

use crate::error::{Error, Result};
use crate::model::{AwsProfileInfo, AwsProfileKind};

/// Parses the AWS config and credentials files the way the AWS SDK and CLI do.
pub(crate) async fn load_profile_set() -> Result<ProfileSet> {
    aws_config::profile::load(&Fs::real(), &Env::real(), &ProfileFiles::default(), None)
        .await
        .map_err(|e| {
            Error::Input(format!(
                "Could not read the AWS config files ({e}): fix the file, or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at other files."
            ))
        })
}

/// The named AWS profiles, sorted by name, for the settings screen's picker.
pub async fn list_aws_profiles() -> Result<Vec<AwsProfileInfo>> {
    let set = load_profile_set().await?;
    let mut names: Vec<&str> = set.profiles().collect();
    names.sort_unstable();
    names.dedup();
    Ok(names
        .into_iter()
        .filter_map(|name| set.get_profile(name).map(|p| describe(&set, p)))
        .collect())
}

/// True when a named AWS profile of that name exists.
pub async fn aws_profile_exists(name: &str) -> Result<bool> {
    Ok(load_profile_set().await?.get_profile(name).is_some())
}

/// One named AWS profile, if it exists.
pub async fn aws_profile(name: &str) -> Result<Option<AwsProfileInfo>> {
    let set = load_profile_set().await?;
    Ok(set.get_profile(name).map(|p| describe(&set, p)))
}

fn describe(set: &ProfileSet, p: &Profile) -> AwsProfileInfo {
    let get = |key: &str| p.get(key).map(str::to_owned);
    let sso_start_url = get("sso_start_url").or_else(|| {
        p.get("sso_session")
            .and_then(|s| set.sso_session(s))
            .and_then(|s| s.get("sso_start_url"))
            .map(str::to_owned)
    });
    let kind = if p.get("role_arn").is_some() {
        if p.get("web_identity_token_file").is_some() {
            AwsProfileKind::WebIdentity
        } else {
            AwsProfileKind::AssumeRole
        }
    } else if sso_start_url.is_some()
        || p.get("sso_session").is_some()
        || p.get("sso_account_id").is_some()
    {
        AwsProfileKind::Sso
    } else if p.get("credential_process").is_some() {
        AwsProfileKind::CredentialProcess
    } else if p.get("aws_access_key_id").is_some() {
        AwsProfileKind::StaticKeys
    } else {
        AwsProfileKind::Other
    };
    AwsProfileInfo {
        name: p.name().to_owned(),
        kind,
        region: get("region"),
        source_profile: get("source_profile"),
        role_arn: get("role_arn"),
        sso_start_url,
        endpoint_url: get("endpoint_url"),
    }
}
