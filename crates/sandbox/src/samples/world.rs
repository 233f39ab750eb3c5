//! The samples' world: repositories with ten days of commits, the GitHub connection, and the
//! projects, stacks and deployment groups whose failures the failure triage shows.

use crate::world::*;

/// The GitHub connection of `api-dev` and `mobile-release`.
pub const CONNECTION_ARN: &str =
    "arn:aws:codestar-connections:sandbox-local-1:000000000000:connection/5a1e5a1e-0000-4000-8000-000000000000";

/// How `storefront`'s live build fails (first run only).
pub const STOREFRONT_BUILD_FAILURE: &str = "Build terminated with state: FAILED. Phase: INSTALL, Code: COMMAND_EXECUTION_ERROR, Message: Error while executing command: npm ci --loglevel=http. Reason: exit status 1";

/// How `storefront`'s execution of the day before yesterday failed in Production.
pub const STOREFRONT_DEPLOY_FAILURE: &str = "The overall deployment failed because too many individual instances failed deployment, too few healthy instances are available for deployment, or some instances in your deployment group are experiencing problems. (Error code: HEALTH_CONSTRAINTS)";

/// How `storefront`'s execution of yesterday failed in Staging.
pub const STOREFRONT_STACK_FAILURE: &str = "Stack storefront-staging update failed: UPDATE_ROLLBACK_COMPLETE. The following resource(s) failed to update: [ApiFunction].";

/// How `data-jobs`' execution of four days ago failed in Deploy: the `Publish`
/// function reported the failure (`PutJobFailureResult`).
pub const DATA_JOBS_PUBLISH_FAILURE: &str = "Job nightly-etl was not updated: AccessDeniedException: role publish-data-jobs-role is not authorized to perform glue:UpdateJob on job nightly-etl";

/// How `billing-service`'s execution of six days ago failed in Production (the ECS deployment
/// circuit breaker rolled the service back).
pub const BILLING_ECS_FAILURE: &str = "Deployment ecs-svc/4837263519042865731 of service billing was rolled back by the deployment circuit breaker: tasks failed to start. Essential container in task exited: billing-api exit code 1: Error: connect ECONNREFUSED 10.0.3.17:5432";

const PEOPLE: [(&str, &str); 5] = [
    ("Ana Souza", "ana.souza@example.com"),
    ("Kenji Watanabe", "kenji.watanabe@example.com"),
    ("Priya Raman", "priya.raman@example.com"),
    ("Tomás García", "tomas.garcia@example.com"),
    ("Lena Fischer", "lena.fischer@example.com"),
];

/// (days ago, author index, message, changed files as "A path" / "M path" / "D path")
type Change = (f64, usize, &'static str, &'static [&'static str]);

const WEB_APP: &[Change] = &[
    (
        9.5,
        0,
        "Add checkout page skeleton",
        &["A src/pages/Checkout.tsx", "M src/routes.ts"],
    ),
    (
        8.2,
        1,
        "Cache product images for a day",
        &["M nginx/default.conf"],
    ),
    (
        7.1,
        2,
        "Fix price rounding in the cart total",
        &["M src/cart/total.ts", "M src/cart/total.test.ts"],
    ),
    (
        6.4,
        3,
        "Upgrade to Node 20 in the build image",
        &["M buildspec.yml", "M package.json"],
    ),
    (
        5.6,
        4,
        "Add order history to the account page",
        &["A src/pages/Orders.tsx", "M src/pages/Account.tsx"],
    ),
    (4.9, 0, "Log slow API calls", &["M src/api/client.ts"]),
    (
        4.3,
        1,
        "Translate the checkout into German",
        &["A src/i18n/de.json", "M src/i18n/index.ts"],
    ),
    (
        3.2,
        2,
        "Retry payment provider timeouts once",
        &["M src/payments/provider.ts"],
    ),
    (
        2.4,
        3,
        "Remove the old promo banner",
        &["D src/components/PromoBanner.tsx", "M src/pages/Home.tsx"],
    ),
    (
        1.3,
        4,
        "Show delivery estimates at checkout",
        &["M src/pages/Checkout.tsx", "A src/delivery/estimate.ts"],
    ),
    (
        0.8,
        0,
        "Fix layout of the cart on small screens",
        &["M src/cart/Cart.css"],
    ),
    (
        0.4,
        2,
        "Add the returns policy page",
        &["A src/pages/Returns.tsx", "M src/routes.ts"],
    ),
    (
        0.1,
        1,
        "Send order confirmation emails from the queue",
        &["M src/orders/confirm.ts", "A src/orders/queue.ts"],
    ),
];

const BILLING: &[Change] = &[
    (
        9.0,
        2,
        "Invoice numbering per country",
        &["M billing/invoice.py"],
    ),
    (
        6.0,
        4,
        "Add VAT for Norway",
        &["M billing/tax.py", "M tests/test_tax.py"],
    ),
    (
        5.5,
        1,
        "Round currency conversions half-even",
        &["M billing/money.py"],
    ),
    (
        2.0,
        3,
        "Retry failed card charges after a day",
        &["A billing/retry.py", "M billing/charge.py"],
    ),
    (
        0.3,
        0,
        "Expose invoice PDFs to the account page",
        &["M billing/api.py"],
    ),
];

const STOREFRONT: &[Change] = &[
    (
        9.0,
        1,
        "Set up the storefront with Next.js",
        &["A package.json", "A package-lock.json", "A pages/index.tsx"],
    ),
    (
        6.0,
        0,
        "Add product listing and search",
        &["A pages/products.tsx", "A lib/search.ts"],
    ),
    (
        3.5,
        2,
        "Serve assets from CloudFront",
        &["M infra/template.yaml"],
    ),
    (
        2.6,
        4,
        "Add a health check for the deploy",
        &["A scripts/validate.sh", "M appspec.yml"],
    ),
    (
        1.4,
        1,
        "Move the API to Lambda",
        &["M infra/template.yaml", "A api/handler.ts"],
    ),
    (
        0.6,
        2,
        "Use the supported Lambda runtime",
        &["M infra/template.yaml"],
    ),
    (
        0.02,
        3,
        "Bump react-dates to 21.8.0 for the new date picker",
        &["M package.json", "M package-lock.json"],
    ),
];

const API: &[Change] = &[
    (
        9.3,
        3,
        "Add /orders endpoint",
        &["A src/orders.js", "M src/app.js"],
    ),
    (
        7.5,
        2,
        "Validate request bodies with zod",
        &["M src/app.js", "M package.json"],
    ),
    (
        5.0,
        0,
        "Paginate /orders",
        &["M src/orders.js", "M test/orders.test.js"],
    ),
    (
        2.2,
        4,
        "Add rate limiting",
        &["A src/ratelimit.js", "M src/app.js"],
    ),
    (
        0.7,
        1,
        "Return 404 for unknown order ids",
        &["M src/orders.js", "M test/orders.test.js"],
    ),
    (0.2, 3, "Log request ids", &["M src/log.js"]),
];

const MOBILE: &[Change] = &[
    (9.8, 4, "Release 3.3.0", &["M app/build.gradle"]),
    (
        8.5,
        0,
        "Dark mode for the order screen",
        &["M app/src/main/res/values-night/colors.xml"],
    ),
    (
        6.2,
        2,
        "Fix crash when the basket is empty",
        &["M app/src/main/java/shop/Basket.kt"],
    ),
    (5.4, 1, "Release 3.4.0", &["M app/build.gradle"]),
    (
        3.0,
        3,
        "Offline mode for the catalogue",
        &["A app/src/main/java/shop/OfflineCache.kt"],
    ),
    (1.0, 4, "Release 3.5.0-rc1", &["M app/build.gradle"]),
    (
        0.3,
        0,
        "Fix push notification deep links",
        &["M app/src/main/java/shop/Links.kt"],
    ),
];

fn repo(name: &str, host: RepoHost, branch: &str, changes: &[Change], now: f64) -> Repo {
    let mut commits: Vec<Commit> = Vec::new();
    for (i, (days_ago, who, message, files)) in changes.iter().enumerate() {
        let id = hex_id(&format!("{name}/commit/{i}"), 40);
        let (person_name, email) = PEOPLE[*who % PEOPLE.len()];
        let person = Person {
            name: person_name.to_string(),
            email: email.to_string(),
        };
        let files = files
            .iter()
            .map(|f| {
                let (change, path) = f.split_at(1);
                let path = path.trim().to_string();
                let blob = |when: &str| Some(hex_id(&format!("{name}/{path}/{i}/{when}"), 40));
                let change = change.chars().next().unwrap_or('M');
                FileChange {
                    before: (change != 'A').then(|| blob("before")).flatten(),
                    after: (change != 'D').then(|| blob("after")).flatten(),
                    path,
                    change,
                }
            })
            .collect();
        commits.push(Commit {
            parents: commits
                .last()
                .map(|c| vec![c.id.clone()])
                .unwrap_or_default(),
            tree: hex_id(&format!("{name}/tree/{i}"), 40),
            id,
            message: format!("{message}\n"),
            author: person.clone(),
            committer: person,
            time: (now - days_ago * 86400.0).floor(),
            files,
        });
    }
    Repo {
        name: name.to_string(),
        host,
        branch: branch.to_string(),
        commits,
        created: now - 30.0 * 86400.0,
        id: uuid_from(&format!("repo/{name}")),
    }
}

/// Fill the world the samples use.
pub fn seed(world: &mut World, _region: &str, now: f64) {
    for r in [
        repo("web-app", RepoHost::CodeCommit, "main", WEB_APP, now),
        repo(
            "billing-service",
            RepoHost::CodeCommit,
            "main",
            BILLING,
            now,
        ),
        repo("storefront", RepoHost::CodeCommit, "main", STOREFRONT, now),
        repo("example/api", RepoHost::GitHub, "develop", API, now),
        repo("example/mobile", RepoHost::GitHub, "release", MOBILE, now),
    ] {
        world.repos.insert(r.name.clone(), r);
    }
    world.connections.insert(
        CONNECTION_ARN.to_string(),
        Connection {
            arn: CONNECTION_ARN.to_string(),
            name: "example-github".to_string(),
            provider: "GitHub".to_string(),
            status: ConnectionStatus::Available,
        },
    );
    world.projects.insert(
        "storefront-build".to_string(),
        Project {
            style: LogStyle::Npm,
            failed_phase: "INSTALL",
            failed_command: "npm ci --loglevel=http".to_string(),
            report: None,
        },
    );
    let etl: Vec<(String, String, u64)> = (0..180)
        .map(|i| {
            let file = [
                "tests/test_etl.py",
                "tests/test_load.py",
                "tests/test_schema.py",
            ][i % 3];
            (
                file.to_string(),
                format!("test_case_{i:03}"),
                20 + (i as u64 * 37) % 400,
            )
        })
        .chain(
            [
                "test_dedupe_orders",
                "test_currency_rounding",
                "test_late_events_window",
            ]
            .iter()
            .map(|n| ("tests/test_etl.py".to_string(), n.to_string(), 140)),
        )
        .collect();
    world.projects.insert(
        "data-jobs-build".to_string(),
        Project {
            style: LogStyle::Pytest,
            failed_phase: "BUILD",
            failed_command: "python -m pytest --junitxml=reports/pytest.xml -v".to_string(),
            report: Some(TestSuite {
                name: "pytest".to_string(),
                tests: etl,
                failing: vec![
                    (
                        "test_dedupe_orders".to_string(),
                        "AssertionError: assert 1042 == 1040\n  +  where 1042 = len(deduped)"
                            .to_string(),
                    ),
                    (
                        "test_currency_rounding".to_string(),
                        "AssertionError: assert Decimal('10.01') == Decimal('10.00')".to_string(),
                    ),
                    (
                        "test_late_events_window".to_string(),
                        "KeyError: 'event_time'".to_string(),
                    ),
                ],
            }),
        },
    );
    for p in [
        "api-unit-tests",
        "api-build",
        "api-package",
        "web-app-build",
        "mobile-build",
        "billing-build",
    ] {
        world.projects.insert(
            p.to_string(),
            Project {
                style: if p.starts_with("api") || p.starts_with("web") {
                    LogStyle::Npm
                } else {
                    LogStyle::Plain
                },
                failed_phase: "BUILD",
                failed_command: if p == "api-unit-tests" {
                    "npm test".to_string()
                } else {
                    "npm run build".to_string()
                },
                report: None,
            },
        );
    }
    let storefront_resources = [
        ("ApiFunctionRole", "AWS::IAM::Role"),
        ("AssetsBucket", "AWS::S3::Bucket"),
        ("AssetsBucketPolicy", "AWS::S3::BucketPolicy"),
        ("ApiFunction", "AWS::Lambda::Function"),
        ("CdnDistribution", "AWS::CloudFront::Distribution"),
    ];
    world.stacks.insert(
        "storefront-staging".to_string(),
        StackProfile {
            resources: storefront_resources
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            failure: Some((
                "ApiFunction".to_string(),
                "Resource handler returned message: \"The runtime parameter of nodejs16.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions. (Service: Lambda, Status Code: 400, Request ID: 6f1c2b8e-4d1a-4b4e-9a77-2f5d3c1e9b10)\" (RequestToken: 3d2a7a4c-55b0-1f7e-2c6b-7d90e1a0c1f2, HandlerErrorCode: InvalidRequest)".to_string(),
            )),
        },
    );
    world.stacks.insert(
        "api-dev".to_string(),
        StackProfile {
            resources: [
                ("ApiRole", "AWS::IAM::Role"),
                ("OrdersTable", "AWS::DynamoDB::Table"),
                ("ApiFunction", "AWS::Lambda::Function"),
                ("ApiGateway", "AWS::ApiGateway::RestApi"),
            ]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
            failure: None,
        },
    );
    world.deployment_groups.insert(
        ("storefront".to_string(), "storefront-prod".to_string()),
        DeploymentGroup {
            instances: vec![
                "i-0b7e3c1d9a2f45e61".to_string(),
                "i-04d2a9e8c7b6f1a30".to_string(),
                "i-0c5f8e2a1b3d7c946".to_string(),
            ],
            failure: Some((
                "ValidateService".to_string(),
                "scripts/validate.sh".to_string(),
                "Script at specified location: scripts/validate.sh run as user root failed with exit code 1".to_string(),
                "[stdout]Checking http://localhost:3000/health ...\n[stdout]attempt 1/5: HTTP 502\n[stdout]attempt 2/5: HTTP 502\n[stdout]attempt 3/5: HTTP 502\n[stdout]attempt 4/5: HTTP 502\n[stdout]attempt 5/5: HTTP 502\n[stderr]storefront did not become healthy: GET /health answered 502 five times (is the app listening on port 3000?)\n".to_string(),
            )),
        },
    );
    world.deployment_groups.insert(
        ("web-app".to_string(), "web-app-prod".to_string()),
        DeploymentGroup::default(),
    );
}
