//! `cargo xtask test`: build, then the Rust tests, then the end-to-end tests (tap via
//! `npm test`), stopping at the first failure. `--windows`: the end-to-end tests of the
//! Windows build under Wine (test/windows/*.test.ts, and the CLI's ts/isapi/test/windows.test.ts
//! with the real DLL) instead.
use crate::apt::{self, Tool};
use crate::build;
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};
use crate::summary::Summary;
use crate::windows;
use crate::wine::Prefix;
use crate::workspace;

/// The tap files of the Windows tests.
const WINDOWS_TESTS: &str = "test/windows";
/// The CLI's `--windows` tests (`npm test` runs them too); here their test of the real
/// Windows DLL is required, not skipped when the build is absent.
const CLI_WINDOWS_TESTS: &str = "ts/isapi/test/windows.test.ts";

pub fn run(windows: bool) -> Result {
    let mut summary = Summary::new(if windows { "test --windows" } else { "test" });
    let result = if windows {
        windows_steps(&mut summary)
    } else {
        steps(&mut summary)
    };
    let finished = summary.finish(result.is_err());
    result.and(finished)
}

fn steps(summary: &mut Summary) -> Result {
    build::build(summary)?;
    summary.run(&Cmd::cargo().args(["test", "--workspace"]))?;
    summary.run(&Cmd::new(workspace::npm()).arg("test"))
}

/// The Linux tests are `cargo xtask test`'s; this needs the Linux build only for the
/// parity comparison (the same requests to both platforms).
fn windows_steps(summary: &mut Summary) -> Result {
    // One apt-get run for all that is missing.
    let tools: Vec<&Tool> = windows::BUILD_TOOLS
        .iter()
        .chain(windows::RUN_TOOLS)
        .collect();
    apt::ensure(&tools, "the Windows tests", summary)?;
    build::build(summary)?;
    windows::build(summary)?;
    let tests = match windows_tests() {
        Ok(tests) => tests,
        Err(failure) => {
            summary.record_failure("list test/windows/*.test.ts", &failure);
            return Err(failure);
        }
    };
    let prefix = Prefix::ours();
    let root = workspace::root();
    let tested = prefix.prepare(summary).and_then(|()| {
        summary.run(
            // The tests run Wine with the prefix's environment, as xtask does.
            &prefix.with_env(
                Cmd::new(workspace::npx())
                    .arg("tap")
                    .args(&tests)
                    // Runs them (`npm test` skips them), and a missing piece fails them.
                    .env("ISAPI_TS_REQUIRE_WINDOWS", "1")
                    .env("ISAPI_TS_WINDOWS_BUILD", root.join(windows::release_dir())),
            ),
        )
    });
    // Whatever wineboot or the tests left running in the prefix (a host that did not stop)
    // ends here, also when preparing the prefix failed.
    prefix.stop();
    tested
}

/// `test/windows/*.test.ts` in name order, then [`CLI_WINDOWS_TESTS`].
fn windows_tests() -> Result<Vec<String>> {
    let mut tests: Vec<String> =
        workspace::files_in(WINDOWS_TESTS, |name| name.ends_with(".test.ts"))?
            .iter()
            .map(|path| path.to_string_lossy().replace('\\', "/"))
            .collect();
    if tests.is_empty() {
        return Err(Failure::new(format!("no *.test.ts in {WINDOWS_TESTS}")));
    }
    tests.push(CLI_WINDOWS_TESTS.to_owned());
    Ok(tests)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_windows_tests_are_the_folder_then_the_clis() {
        let tests = windows_tests().unwrap();
        assert!(tests.contains(&"test/windows/parity.test.ts".to_string()));
        assert_eq!(tests.last().map(String::as_str), Some(CLI_WINDOWS_TESTS));
        let folder = &tests[..tests.len() - 1];
        assert!(
            folder.windows(2).all(|pair| pair[0] < pair[1]),
            "{folder:?}"
        );
        assert!(folder
            .iter()
            .all(|t| t.starts_with("test/windows/") && t.ends_with(".test.ts")));
    }
}
