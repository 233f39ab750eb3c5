//! What a CodeBuild build logs, phase by phase, as CodeBuild's container writes it to
//! CloudWatch Logs: `[Container] <time>` lines around each phase and the commands' own output
//! with their ANSI colours. Three kinds of project ([`LogStyle`]): npm (a failing `npm ci` prints
//! about 2,500 `npm http fetch` lines before its `npm ERR! code ERESOLVE`), pytest (a
//! `test_…` line per test, failures with tracebacks), and plain commands. The text is the same
//! for the same build (details vary by a seed from its id); `{TS}` marks where the container's
//! timestamp goes once the line has its time.

use crate::world::{LogStyle, Project};

/// Red, green, yellow, bold, dim and reset, as npm, jest and pytest colour their output.
const RED: &str = "\u{1b}[31m";
const GREEN: &str = "\u{1b}[32m";
const YELLOW: &str = "\u{1b}[33m";
const BOLD: &str = "\u{1b}[1m";
const DIM: &str = "\u{1b}[2m";
const RESET: &str = "\u{1b}[0m";
const NPM: &str = "\u{1b}[37;40mnpm\u{1b}[0m";
const NPM_ERR: &str = "\u{1b}[37;40mnpm\u{1b}[0m \u{1b}[0m\u{1b}[31;40mERR!\u{1b}[0m";
const NPM_WARN: &str = "\u{1b}[37;40mnpm\u{1b}[0m \u{1b}[0m\u{1b}[30;43mWARN\u{1b}[0m";

/// The packages an npm install fetches (cycled to make thousands of lines).
const PACKAGES: [&str; 40] = [
    "react",
    "react-dom",
    "next",
    "@babel/core",
    "@babel/runtime",
    "webpack",
    "typescript",
    "eslint",
    "jest",
    "jest-circus",
    "@types/node",
    "@types/react",
    "lodash",
    "date-fns",
    "moment",
    "react-dates",
    "styled-components",
    "postcss",
    "autoprefixer",
    "tailwindcss",
    "@swc/core",
    "semver",
    "chalk",
    "commander",
    "yargs",
    "glob",
    "minimatch",
    "debug",
    "ms",
    "source-map",
    "acorn",
    "ajv",
    "uuid",
    "axios",
    "follow-redirects",
    "core-js",
    "regenerator-runtime",
    "browserslist",
    "caniuse-lite",
    "electron-to-chromium",
];

/// A small repeatable generator (xorshift) for the details that vary between builds.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// One log line and the phase it belongs to.
pub type Line = (&'static str, String);

fn container(out: &mut Vec<Line>, phase: &'static str, text: &str) {
    out.push((phase, format!("[Container] {{TS}} {text}")));
}

/// The lines of a build: `phases` in order (the timeline's), `failed` the phase that failed (if
/// the build fails), `seed` for the details.
pub fn lines(
    project: &Project,
    phases: &[&'static str],
    failed: Option<&str>,
    seed: u64,
) -> Vec<Line> {
    let mut rng = Rng(seed | 1);
    let mut out = Vec::new();
    let src = format!(
        "/codebuild/output/src{}/src",
        100_000_000 + rng.next(899_999_999)
    );
    for &phase in phases {
        match phase {
            "SUBMITTED" | "QUEUED" | "PROVISIONING" | "COMPLETED" => continue,
            "DOWNLOAD_SOURCE" => {
                for text in [
                    "Running on CodeBuild On-demand".to_string(),
                    "Waiting for agent ping".to_string(),
                    "Waiting for DOWNLOAD_SOURCE".to_string(),
                    "Phase is DOWNLOAD_SOURCE".to_string(),
                    format!("CODEBUILD_SRC_DIR={src}"),
                    format!("YAML location is {src}/buildspec.yml"),
                    "Setting HTTP client timeout to higher timeout for S3 source".to_string(),
                    "Processing environment variables".to_string(),
                    "Selecting 'nodejs' runtime version '20' based on manual selections..."
                        .to_string(),
                    format!("Moving to directory {src}"),
                    "Unable to initialize cache download: no paths specified to be cached"
                        .to_string(),
                    "Registering with agent".to_string(),
                    "Phases found in YAML: 4".to_string(),
                    " INSTALL: 1 commands".to_string(),
                    " PRE_BUILD: 1 commands".to_string(),
                    " BUILD: 2 commands".to_string(),
                    " POST_BUILD: 1 commands".to_string(),
                    "Phase complete: DOWNLOAD_SOURCE State: SUCCEEDED".to_string(),
                    "Phase context status code:  Message: ".to_string(),
                ] {
                    container(&mut out, phase, &text);
                }
                continue;
            }
            _ => {}
        }
        let fails_here = failed == Some(phase);
        let commands = commands(project, phase);
        if commands.is_empty() {
            continue;
        }
        container(&mut out, phase, &format!("Entering phase {phase}"));
        let mut ok = true;
        for cmd in commands {
            container(&mut out, phase, &format!("Running command {cmd}"));
            let fail_cmd = fails_here
                && (cmd == project.failed_command || cmd == last_command(project, phase));
            output(&mut out, project, phase, &cmd, fail_cmd, &mut rng);
            if fail_cmd {
                container(
                    &mut out,
                    phase,
                    &format!("Command did not exit successfully {cmd} exit status 1"),
                );
                container(
                    &mut out,
                    phase,
                    &format!("Phase complete: {phase} State: FAILED"),
                );
                container(
                    &mut out,
                    phase,
                    &format!("Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: {cmd}. Reason: exit status 1"),
                );
                ok = false;
                break;
            }
        }
        if ok {
            container(
                &mut out,
                phase,
                &format!("Phase complete: {phase} State: SUCCEEDED"),
            );
            container(&mut out, phase, "Phase context status code:  Message: ");
        }
    }
    out
}

fn last_command(project: &Project, phase: &str) -> String {
    commands(project, phase).pop().unwrap_or_default()
}

/// The buildspec's commands of a phase.
pub fn commands(project: &Project, phase: &str) -> Vec<String> {
    let failing = |default: &str| {
        if project.failed_phase == phase {
            project.failed_command.clone()
        } else {
            default.to_string()
        }
    };
    match (project.style, phase) {
        (LogStyle::Npm, "INSTALL") => vec![failing("npm ci --loglevel=http")],
        (LogStyle::Npm, "PRE_BUILD") => vec![failing("npm run lint")],
        (LogStyle::Npm, "BUILD") => vec!["npm test -- --ci".to_string(), failing("npm run build")],
        (LogStyle::Pytest, "INSTALL") => vec![failing("pip install -r requirements.txt")],
        (LogStyle::Pytest, "PRE_BUILD") => vec![failing("python -m flake8 jobs")],
        (LogStyle::Pytest, "BUILD") => {
            vec![failing("python -m pytest --junitxml=reports/pytest.xml -v")]
        }
        (LogStyle::Plain, "INSTALL") => vec![failing("./install.sh")],
        (LogStyle::Plain, "BUILD") => vec![failing("./build.sh")],
        (_, "POST_BUILD") => vec!["echo Build completed on `date`".to_string()],
        _ => Vec::new(),
    }
}

fn output(
    out: &mut Vec<Line>,
    project: &Project,
    phase: &'static str,
    cmd: &str,
    fail: bool,
    rng: &mut Rng,
) {
    let mut say = |text: String| out.push((phase, text));
    if cmd.starts_with("npm ci") {
        let fetches = if fail { 2_500 } else { 120 };
        for i in 0..fetches {
            let pkg = PACKAGES[i % PACKAGES.len()];
            let ms = 3 + rng.next(180);
            let cache = if rng.next(4) == 0 {
                "cache miss"
            } else {
                "cache hit"
            };
            let name = if i < PACKAGES.len() {
                pkg.to_string()
            } else {
                format!(
                    "{pkg}/-/{}-{}.{}.{}.tgz",
                    pkg.rsplit('/').next().unwrap_or(pkg),
                    1 + i % 9,
                    i % 23,
                    i % 7
                )
            };
            say(format!("{NPM} {GREEN}http{RESET} fetch GET 200 https://registry.npmjs.org/{name} {ms}ms ({cache})"));
            if i % 400 == 17 {
                say(format!("{NPM_WARN} {DIM}deprecated{RESET} {pkg}@{}.0.0: This version is no longer maintained, upgrade to the latest", i % 5 + 1));
            }
        }
        if fail {
            for text in [
                "code ERESOLVE",
                "ERESOLVE could not resolve",
                "",
                "While resolving: react-dates@21.8.0",
                "Found: react@18.2.0",
                "node_modules/react",
                "  react@\"^18.2.0\" from the root project",
                "",
                "Could not resolve dependency:",
                "peer react@\"^0.14 || ^15.5.4 || ^16.1.1\" from react-dates@21.8.0",
                "node_modules/react-dates",
                "  react-dates@\"^21.8.0\" from the root project",
                "",
                "Fix the upstream dependency conflict, or retry",
                "this command with --force or --legacy-peer-deps",
                "to accept an incorrect (and potentially broken) dependency resolution.",
                "",
                "For a full report see:",
                "/root/.npm/_logs/eresolve-report.txt",
                "",
                "A complete log of this run can be found in: /root/.npm/_logs/debug-0.log",
            ] {
                say(if text.is_empty() {
                    NPM_ERR.to_string()
                } else {
                    format!("{NPM_ERR} {text}")
                });
            }
        } else {
            say(String::new());
            say(format!(
                "added {} packages, and audited {} packages in {}s",
                1400 + rng.next(60),
                1461,
                20 + rng.next(30)
            ));
            say(String::new());
            say(format!(
                "{} packages are looking for funding",
                180 + rng.next(40)
            ));
            say("  run `npm fund` for details".to_string());
            say(String::new());
            say(format!("found {BOLD}{GREEN}0{RESET} vulnerabilities"));
        }
    } else if cmd.starts_with("npm run lint") {
        say(String::new());
        say(format!("> {}@1.0.0 lint", "app"));
        say("> eslint . --max-warnings 0".to_string());
        say(String::new());
    } else if cmd.starts_with("npm test") {
        say(String::new());
        say("> app@1.0.0 test".to_string());
        say("> jest --ci".to_string());
        say(String::new());
        let suites = 36;
        for i in 0..suites {
            let failed = fail && i == 7;
            let badge = if failed {
                format!("{BOLD}\u{1b}[41m FAIL {RESET}")
            } else {
                format!("{BOLD}\u{1b}[42m PASS {RESET}")
            };
            say(format!(
                "{badge} {DIM}src/{}/{RESET}{BOLD}module{i:02}.test.ts{RESET} ({}.{} s)",
                ["cart", "orders", "api", "ui"][i % 4],
                rng.next(4),
                rng.next(10)
            ));
            if failed {
                say(format!(
                    "  {BOLD}{RED}● orders › rejects an unknown order id{RESET}"
                ));
                say(String::new());
                say("    expect(received).toBe(expected) // Object.is equality".to_string());
                say(String::new());
                say(format!("    Expected: {GREEN}404{RESET}"));
                say(format!("    Received: {RED}500{RESET}"));
            }
        }
        say(String::new());
        let (failed, total) = if fail { (2, 412) } else { (0, 412) };
        let passed = total - failed;
        say(if fail {
            format!("{BOLD}Tests:{RESET}       {BOLD}{RED}{failed} failed{RESET}, {BOLD}{GREEN}{passed} passed{RESET}, {total} total")
        } else {
            format!("{BOLD}Tests:{RESET}       {BOLD}{GREEN}{passed} passed{RESET}, {total} total")
        });
        say(format!(
            "{BOLD}Time:{RESET}        {}.{} s",
            20 + rng.next(9),
            rng.next(10)
        ));
        if fail {
            say(format!(
                "{NPM_ERR} Lifecycle script `test` failed with error:"
            ));
            say(format!("{NPM_ERR} Error: command failed"));
        }
    } else if cmd.starts_with("npm run build") {
        say(String::new());
        say("> app@1.0.0 build".to_string());
        say("> next build".to_string());
        say(String::new());
        say(format!(
            "   {BOLD}Creating an optimized production build ...{RESET}"
        ));
        if fail {
            say(format!("{RED}Failed to compile.{RESET}"));
            say(String::new());
            say("./src/pages/Checkout.tsx:42:17".to_string());
            say("Type error: Property 'estimate' does not exist on type 'Delivery'.".to_string());
            say(format!(
                "{NPM_ERR} Lifecycle script `build` failed with error:"
            ));
        } else {
            say(format!(" {GREEN}✓{RESET} Compiled successfully"));
            for route in ["/", "/products", "/checkout", "/orders", "/returns"] {
                say(format!(
                    "├ ○ {route:<24} {} kB  {} kB",
                    1 + rng.next(9),
                    80 + rng.next(20)
                ));
            }
        }
    } else if cmd.starts_with("pip install") {
        for pkg in [
            "pandas==2.2.2",
            "pyarrow==16.1.0",
            "boto3==1.34.120",
            "pydantic==2.7.3",
            "pytest==8.2.2",
            "flake8==7.0.0",
        ] {
            say(format!("Collecting {pkg}"));
            say(format!(
                "  Downloading {}-py3-none-manylinux2014_x86_64.whl ({}.{} MB)",
                pkg.replace("==", "-"),
                1 + rng.next(30),
                rng.next(10)
            ));
        }
        say("Successfully installed boto3-1.34.120 flake8-7.0.0 pandas-2.2.2 pyarrow-16.1.0 pydantic-2.7.3 pytest-8.2.2".to_string());
    } else if cmd.starts_with("python -m flake8") {
    } else if cmd.starts_with("python -m pytest") {
        say(format!("{BOLD}============================= test session starts =============================={RESET}"));
        say(
            "platform linux -- Python 3.12.3, pytest-8.2.2, pluggy-1.5.0 -- /usr/local/bin/python"
                .to_string(),
        );
        say("rootdir: /codebuild/output/src/src".to_string());
        let tests = project
            .report
            .as_ref()
            .map(|r| r.tests.clone())
            .unwrap_or_default();
        say(format!("{BOLD}collected {} items{RESET}", tests.len()));
        say(String::new());
        let failing: Vec<&str> = project
            .report
            .as_ref()
            .map(|r| r.failing.iter().map(|(n, _)| n.as_str()).collect())
            .unwrap_or_default();
        let n = tests.len().max(1);
        for (i, (file, name, _)) in tests.iter().enumerate() {
            let pct = (i + 1) * 100 / n;
            if fail && failing.contains(&name.as_str()) {
                say(format!(
                    "{file}::{name} {RED}FAILED{RESET}{RED} [{pct:>3}%]{RESET}"
                ));
            } else {
                say(format!(
                    "{file}::{name} {GREEN}PASSED{RESET}{GREEN} [{pct:>3}%]{RESET}"
                ));
            }
        }
        if fail {
            say(String::new());
            say(
                "=================================== FAILURES ==================================="
                    .to_string(),
            );
            for (name, message) in project.report.iter().flat_map(|r| r.failing.iter()) {
                say(format!("{RED}{BOLD}______________________________ {name} ______________________________{RESET}"));
                say(String::new());
                say(format!("    def {name}():"));
                say("        rows = load_fixture(\"orders_2024_05.csv\")".to_string());
                say(format!(
                    "{RED}E       {}{RESET}",
                    message.lines().next().unwrap_or("")
                ));
                say(String::new());
                say(format!(
                    "{BOLD}tests/test_etl.py{RESET}:{}: {}",
                    40 + rng.next(200),
                    message.split(':').next().unwrap_or("Error")
                ));
            }
            say(format!(
                "{BOLD}- generated xml file: /codebuild/output/src/src/reports/pytest.xml -{RESET}"
            ));
            say(
                "=========================== short test summary info ============================"
                    .to_string(),
            );
            for (name, message) in project.report.iter().flat_map(|r| r.failing.iter()) {
                say(format!(
                    "{RED}FAILED{RESET} tests/test_etl.py::{name} - {}",
                    message.lines().next().unwrap_or("")
                ));
            }
            say(format!("{RED}======================== {BOLD}{} failed{RESET}{RED}, {GREEN}{} passed{RESET}{RED} in {}.{:02}s ========================{RESET}", failing.len(), tests.len() - failing.len(), 10 + rng.next(9), rng.next(100)));
        } else {
            say(format!("{GREEN}============================= {BOLD}{} passed{RESET}{GREEN} in {}.{:02}s ============================={RESET}", tests.len(), 10 + rng.next(9), rng.next(100)));
        }
    } else if cmd.starts_with("echo Build completed") {
        say("Build completed on Thu May  2 10:11:12 UTC 2024".to_string());
    } else {
        say(format!("{DIM}+ {cmd}{RESET}"));
        for step in ["compile", "package", "verify"] {
            say(format!("{step}: ok"));
        }
        if fail {
            say(format!(
                "{RED}error{RESET}: {cmd} failed (see the output above)"
            ));
        }
    }
    let _ = YELLOW;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::TestSuite;

    const PHASES: [&str; 6] = [
        "SUBMITTED",
        "DOWNLOAD_SOURCE",
        "INSTALL",
        "FINALIZING",
        "COMPLETED",
        "PROVISIONING",
    ];

    #[test]
    fn a_failing_npm_install_is_long_and_its_first_error_is_npm_err() {
        let p = Project {
            style: LogStyle::Npm,
            failed_phase: "INSTALL",
            failed_command: "npm ci --loglevel=http".into(),
            report: None,
        };
        let lines = lines(&p, &PHASES, Some("INSTALL"), 7);
        assert!(lines.len() > 2_000, "{}", lines.len());
        let first_error = lines
            .iter()
            .find(|(_, l)| l.to_lowercase().contains("err"))
            .unwrap();
        assert!(
            first_error.1.contains("ERR!") && first_error.1.contains("ERESOLVE"),
            "{first_error:?}"
        );
        assert!(lines
            .iter()
            .any(|(_, l)| l.contains("Phase complete: INSTALL State: FAILED")));
        assert_eq!(
            lines,
            super::lines(&p, &PHASES, Some("INSTALL"), 7),
            "repeatable"
        );
    }

    #[test]
    fn a_failing_pytest_build_names_its_failed_tests() {
        let p = Project {
            style: LogStyle::Pytest,
            failed_phase: "BUILD",
            failed_command: "python -m pytest --junitxml=reports/pytest.xml -v".into(),
            report: Some(TestSuite {
                name: "pytest".into(),
                tests: vec![
                    ("tests/test_etl.py".into(), "test_a".into(), 1),
                    ("tests/test_etl.py".into(), "test_b".into(), 1),
                ],
                failing: vec![("test_b".into(), "AssertionError: 1 != 2".into())],
            }),
        };
        let lines = lines(
            &p,
            &["DOWNLOAD_SOURCE", "INSTALL", "BUILD", "POST_BUILD"],
            Some("BUILD"),
            1,
        );
        assert!(lines
            .iter()
            .any(|(_, l)| l.contains("test_b") && l.contains("FAILED")));
        assert!(lines.iter().any(|(_, l)| l.contains("1 failed")));
    }
}
