//! Amazon Resource Names and the partitions they live in: the one ARN parser every crate uses,
//! which partition a region belongs to, and the host of that partition's console.

/// An ARN taken apart: `arn:<partition>:<service>:<region>:<account>:<resource>`. The resource
/// is everything after the fifth `:` (it may hold more `:` and `/`: `function:name:alias`,
/// `role/path/name`); region and account are empty for global services and some resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// `None` unless `arn` starts with `arn:` and has all six fields, with a partition and a
    /// service.
    pub fn parse(arn: &'a str) -> Option<Arn<'a>> {
        let mut parts = arn.splitn(6, ':');
        let (
            Some("arn"),
            Some(partition),
            Some(service),
            Some(region),
            Some(account),
            Some(resource),
        ) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        )
        else {
            return None;
        };
        (!partition.is_empty() && !service.is_empty()).then_some(Arn {
            partition,
            service,
            region,
            account,
            resource,
        })
    }

    /// [`Arn::parse`], kept only when the ARN is of `service` (`codepipeline`, `iam`, ...).
    pub fn parse_of(arn: &'a str, service: &str) -> Option<Arn<'a>> {
        Arn::parse(arn).filter(|a| a.service == service)
    }

    /// The account, when it is an account id (12 digits).
    pub fn account_id(&self) -> Option<&'a str> {
        is_account_id(self.account).then_some(self.account)
    }

    /// The region, when the ARN has one.
    pub fn region(&self) -> Option<&'a str> {
        Some(self.region).filter(|r| !r.is_empty())
    }
}

/// An account id: 12 digits.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The partition of `region`: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`.
pub fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// The console's domain in `partition` (unknown partitions: the commercial console's).
pub fn console_domain(partition: &str) -> &'static str {
    match partition {
        "aws-cn" => "console.amazonaws.cn",
        "aws-us-gov" => "console.amazonaws-us-gov.com",
        _ => "console.aws.amazon.com",
    }
}

/// The console's host for `region`, on its partition's console:
/// `eu-west-1.console.aws.amazon.com`, `cn-north-1.console.amazonaws.cn`.
pub fn console_host(region: &str) -> String {
    format!("{region}.{}", console_domain(partition_of(region)))
}

/// True for a page of the AWS console (any partition), over https.
pub fn is_console_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    ["aws", "aws-cn", "aws-us-gov"]
        .map(console_domain)
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arn_has_six_fields_and_the_resource_keeps_its_colons() {
        let arn =
            Arn::parse("arn:aws:lambda:eu-west-1:123456789012:function:deploy:live").expect("arn");
        assert_eq!(
            arn,
            Arn {
                partition: "aws",
                service: "lambda",
                region: "eu-west-1",
                account: "123456789012",
                resource: "function:deploy:live",
            }
        );
        assert_eq!(arn.account_id(), Some("123456789012"));
        assert_eq!(arn.region(), Some("eu-west-1"));
        assert_eq!(
            Arn::parse_of("arn:aws:lambda:eu-west-1:123456789012:function:f", "lambda"),
            Arn::parse("arn:aws:lambda:eu-west-1:123456789012:function:f")
        );
        assert_eq!(
            Arn::parse_of(
                "arn:aws:lambda:eu-west-1:123456789012:function:f",
                "codepipeline"
            ),
            None
        );
    }

    #[test]
    fn global_arns_have_no_region_and_other_strings_are_not_arns() {
        let role = Arn::parse("arn:aws-cn:iam::123456789012:role/path/deployer").expect("arn");
        assert_eq!(role.region(), None);
        assert_eq!(role.resource, "role/path/deployer");
        assert_eq!(
            Arn::parse("arn:aws:s3:::bucket").map(|a| a.account_id()),
            Some(None)
        );
        for not in [
            "",
            "web",
            "arn:aws:codepipeline:eu-west-1:1",
            "urn:aws:s3:::b",
            "arn::s3:::b",
        ] {
            assert_eq!(Arn::parse(not), None, "{not}");
        }
    }

    #[test]
    fn regions_belong_to_their_partitions_console() {
        assert_eq!(partition_of("eu-west-1"), "aws");
        assert_eq!(partition_of("cn-north-1"), "aws-cn");
        assert_eq!(partition_of("us-gov-west-1"), "aws-us-gov");
        assert_eq!(
            console_host("eu-west-1"),
            "eu-west-1.console.aws.amazon.com"
        );
        assert_eq!(
            console_host("cn-north-1"),
            "cn-north-1.console.amazonaws.cn"
        );
        assert_eq!(
            console_host("us-gov-east-1"),
            "us-gov-east-1.console.amazonaws-us-gov.com"
        );
    }

    #[test]
    fn console_urls_are_https_pages_of_a_console_host() {
        assert!(is_console_url(
            "https://eu-west-1.console.aws.amazon.com/lambda/home"
        ));
        assert!(is_console_url("https://console.amazonaws.cn/"));
        assert!(!is_console_url("http://eu-west-1.console.aws.amazon.com/"));
        assert!(!is_console_url(
            "https://console.aws.amazon.com.evil.example/"
        ));
        assert!(!is_console_url("https://evilconsole.aws.amazon.com/"));
    }
}
