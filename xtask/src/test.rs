//! `cargo xtask test`: build, then the Rust tests, then the end-to-end tests (tap via
//! `npm test`), stopping at the first failure.
use crate::build;
use crate::cmd::Cmd;
use crate::failure::Result;
use crate::summary::Summary;
use crate::workspace;

pub fn run() -> Result {
    let mut summary = Summary::new("test");
    let result = steps(&mut summary);
    let finished = summary.finish(result.is_err());
    result.and(finished)
}

fn steps(summary: &mut Summary) -> Result {
    build::build(summary)?;
    summary.run(&Cmd::cargo().args(["test", "--workspace"]))?;
    summary.run(&Cmd::new(workspace::npm()).arg("test"))
}
