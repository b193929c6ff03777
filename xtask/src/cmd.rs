//! Running a subprocess the xtask way: from the workspace root, its command line printed
//! first, and a failure that names it.
use crate::failure::{Failure, Result};
use crate::workspace;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::process::{Child, Command, ExitStatus, Stdio};

/// Variables `cargo run` sets for the xtask binary only (besides `CARGO_PKG_*`).
const RUN_ONLY_VARS: &[&str] = &[
    "CARGO_MANIFEST_DIR",
    "CARGO_MANIFEST_PATH",
    "CARGO_CRATE_NAME",
    "CARGO_BIN_NAME",
    "CARGO_PRIMARY_PACKAGE",
];

pub struct Cmd {
    program: OsString,
    /// How the program is shown (`cargo` rather than the full path in `$CARGO`).
    label: String,
    args: Vec<OsString>,
    /// Name, value, and how the value is shown (when not as it is).
    envs: Vec<(OsString, OsString, Option<String>)>,
}

impl Cmd {
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        let program = program.as_ref().to_os_string();
        let label = program.to_string_lossy().into_owned();
        Cmd {
            program,
            label,
            args: Vec::new(),
            envs: Vec::new(),
        }
    }

    /// The cargo that runs xtask, shown as `cargo`.
    pub fn cargo() -> Self {
        let mut cmd = Cmd::new(workspace::cargo());
        cmd.label = "cargo".to_string();
        cmd
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_os_string());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_os_string()));
        self
    }

    /// Sets an environment variable for the command (shown before it when printed).
    pub fn env(mut self, name: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.envs.push((
            name.as_ref().to_os_string(),
            value.as_ref().to_os_string(),
            None,
        ));
        self
    }

    /// Sets an environment variable shown as `shown` (`PATH=/usr/bin:$PATH`, not the
    /// whole expansion).
    pub fn env_shown(
        mut self,
        name: impl AsRef<OsStr>,
        value: impl AsRef<OsStr>,
        shown: &str,
    ) -> Self {
        self.envs.push((
            name.as_ref().to_os_string(),
            value.as_ref().to_os_string(),
            Some(shown.to_string()),
        ));
        self
    }

    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args).current_dir(workspace::root());
        command.envs(self.envs.iter().map(|(k, v, _)| (k, v)));
        // `cargo run` describes the xtask package to xtask through these; they say nothing
        // true about the commands xtask runs, so they are not passed on.
        for (name, _) in std::env::vars_os() {
            let name_str = name.to_string_lossy();
            if name_str.starts_with("CARGO_PKG_") || RUN_ONLY_VARS.contains(&&*name_str) {
                command.env_remove(&name);
            }
        }
        command
    }

    /// Prints the command line, runs it to completion and fails unless it succeeds.
    pub fn run(&self) -> Result {
        eprintln!("$ {self}");
        let status = self.command().status().map_err(|e| self.not_started(e))?;
        if status.success() {
            Ok(())
        } else {
            Err(self.failed(status))
        }
    }

    /// Prints the command line, runs it and returns its standard output (its standard
    /// error goes to ours); fails unless it succeeds.
    pub fn output(&self) -> Result<String> {
        eprintln!("$ {self}");
        let output = self
            .command()
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| self.not_started(e))?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(self.failed(output.status))
        }
    }

    /// Prints the command line and starts it in the background with the given outputs.
    pub fn spawn(&self, stdout: Stdio, stderr: Stdio) -> Result<Child> {
        eprintln!("$ {self} &");
        self.command()
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .map_err(|e| self.not_started(e))
    }

    /// Hands the terminal over to the command and returns its exit code. On Unix the
    /// process is replaced (`exec`), so Ctrl-C and the exit status belong to the command
    /// alone; elsewhere it is spawned and waited for (it shares the console, so Ctrl-C
    /// reaches it too).
    pub fn exec(&self) -> Result<i32> {
        eprintln!("$ {self}");
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            let error = self.command().exec();
            Err(self.not_started(error))
        }
        #[cfg(not(unix))]
        {
            let status = self.command().status().map_err(|e| self.not_started(e))?;
            Ok(status.code().unwrap_or(1))
        }
    }

    fn not_started(&self, error: std::io::Error) -> Failure {
        let hint = if error.kind() == std::io::ErrorKind::NotFound {
            format!(" (is `{}` installed and on PATH?)", self.label)
        } else {
            String::new()
        };
        Failure::new(format!("could not run `{self}`: {error}{hint}"))
    }

    fn failed(&self, status: ExitStatus) -> Failure {
        Failure::new(format!("`{self}` failed ({status})"))
    }
}

/// The command line as it would be typed in a shell (arguments with spaces quoted).
impl fmt::Display for Cmd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, value, shown) in &self.envs {
            match shown {
                Some(shown) => write!(f, "{}={shown} ", name.to_string_lossy())?,
                None => write!(f, "{}={} ", name.to_string_lossy(), value.to_string_lossy())?,
            }
        }
        f.write_str(&self.label)?;
        for arg in &self.args {
            let arg = arg.to_string_lossy();
            if arg.is_empty() || arg.contains(|c: char| c.is_whitespace() || c == '"') {
                write!(f, " {arg:?}")?;
            } else {
                write!(f, " {arg}")?;
            }
        }
        Ok(())
    }
}
