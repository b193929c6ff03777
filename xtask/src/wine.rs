//! Running the Windows build under Wine, for `cargo xtask test --windows`: a prefix of our
//! own (target/wine/prefix, made once by `wineboot` and reused), the test-only ProcessPrng
//! stand-in compiled into its system32 (Wine 8 lacks `bcryptprimitives.dll!ProcessPrng`,
//! which Rust's std imports; what ships stays as built), and its wineserver stopped after.
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};
use crate::summary::Summary;
use crate::workspace;
use std::ffi::OsString;
use std::path::PathBuf;

/// The stand-in's source, beside the tests that need it.
const STAND_IN: &str = "test/wine/processprng.c";
const STAND_IN_DEF: &str = "test/wine/processprng.def";

/// A Wine prefix (an absolute path: Wine refuses a relative one).
pub struct Prefix {
    pub dir: PathBuf,
}

impl Prefix {
    /// target/wine/prefix.
    pub fn ours() -> Prefix {
        Prefix {
            dir: workspace::root()
                .join(workspace::target_dir())
                .join("wine")
                .join("prefix"),
        }
    }

    /// The one definition of how Wine runs our programs: this prefix, quiet, the stand-in
    /// preferred over Wine's built-in bcryptprimitives, and a UTF-8 locale (Wine maps Unix
    /// file names through it: the tests' non-ASCII paths). The tests get these too and run
    /// Wine with them (test/support/site.ts).
    pub fn env(&self) -> [(&'static str, OsString); 4] {
        [
            ("WINEPREFIX", self.dir.clone().into_os_string()),
            ("WINEDEBUG", "-all".into()),
            ("WINEDLLOVERRIDES", "bcryptprimitives=n".into()),
            ("LC_ALL", "C.UTF-8".into()),
        ]
    }

    /// `cmd` with this prefix's Wine environment ([`Prefix::env`]).
    pub fn with_env(&self, cmd: Cmd) -> Cmd {
        self.env()
            .into_iter()
            .fold(cmd, |cmd, (name, value)| cmd.env(name, value))
    }

    /// `program` (wine, wineserver) run in this prefix.
    pub fn cmd(&self, program: &str) -> Cmd {
        self.with_env(Cmd::new(program))
    }

    /// Makes the prefix if it does not exist yet (some seconds), then compiles the
    /// stand-in into it (well under a second; always, so that it follows its source).
    pub fn prepare(&self, summary: &mut Summary) -> Result {
        if !self.dir.join("system.reg").exists() {
            // Wine makes the prefix in a folder that exists (it starts by entering it).
            if let Err(error) = std::fs::create_dir_all(&self.dir) {
                let failure =
                    Failure::new(format!("cannot create {}: {error}", self.dir.display()));
                summary.record_failure("create the Wine prefix", &failure);
                return Err(failure);
            }
            summary.run(&self.cmd("wine").args(["wineboot", "-i"]))?;
        }
        let system32 = self.dir.join("drive_c").join("windows").join("system32");
        summary.run(
            &Cmd::new("x86_64-w64-mingw32-gcc")
                .args(["-shared", "-O2", "-s", "-o"])
                .arg(system32.join("bcryptprimitives.dll"))
                .args([STAND_IN, STAND_IN_DEF, "-ladvapi32"]),
        )
    }

    /// Stops this prefix's wineserver and every Wine process in it (`wineserver -k`). Not
    /// a step that can fail: `-k` exits 1 when no server runs (it ends on its own a few
    /// seconds after its last process), which is the usual case after a clean run.
    pub fn stop(&self) {
        if self.cmd("wineserver").arg("-k").run().is_err() {
            eprintln!("(no wineserver was running for {})", self.dir.display());
        }
    }
}
