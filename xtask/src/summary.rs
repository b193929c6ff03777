//! The record of what a task ran, printed at its end: each step, ok or failed, and how long
//! it took.
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};
use std::time::{Duration, Instant};

pub struct Summary {
    task: &'static str,
    steps: Vec<Step>,
}

struct Step {
    name: String,
    outcome: std::result::Result<(), String>,
    took: Duration,
}

impl Summary {
    pub fn new(task: &'static str) -> Self {
        Summary {
            task,
            steps: Vec::new(),
        }
    }

    /// Runs `cmd` as a step named by its command line and records the outcome.
    pub fn run(&mut self, cmd: &Cmd) -> Result {
        let start = Instant::now();
        let outcome = cmd.run();
        self.steps.push(Step {
            name: cmd.to_string(),
            outcome: outcome.as_ref().map(|_| ()).map_err(|e| e.to_string()),
            took: start.elapsed(),
        });
        outcome
    }

    /// Records a step that xtask did itself (a check, not a command) and failed.
    pub fn record_failure(&mut self, name: &str, failure: &Failure) {
        self.steps.push(Step {
            name: name.to_string(),
            outcome: Err(failure.to_string()),
            took: Duration::ZERO,
        });
    }

    /// Prints the summary; fails, naming the failed steps, if any step failed.
    /// `stopped_early` says the task did not go on after its first failure.
    pub fn finish(self, stopped_early: bool) -> Result {
        let failed: Vec<&Step> = self.steps.iter().filter(|s| s.outcome.is_err()).collect();
        eprintln!();
        eprintln!("── xtask {} summary ──", self.task);
        for step in &self.steps {
            let mark = if step.outcome.is_ok() {
                "ok    "
            } else {
                "FAILED"
            };
            eprintln!("  {mark} {:>7.1}s  {}", step.took.as_secs_f64(), step.name);
        }
        if failed.is_empty() {
            eprintln!("xtask {}: all {} steps passed", self.task, self.steps.len());
            return Ok(());
        }
        if stopped_early {
            eprintln!("  (stopped after the first failure; later steps did not run)");
        }
        let names: Vec<&str> = failed.iter().map(|s| s.name.as_str()).collect();
        Err(Failure::new(format!(
            "{} failed: {}",
            self.task,
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )))
    }
}
