//! The benchmark's outside tools, all from Debian (installed by [`crate::apt::ensure`]).
use crate::apt::Tool;

pub const QUICK: &[Tool] = &[
    Tool {
        program: "wrk",
        package: "wrk",
    },
    Tool {
        program: "nginx",
        package: "nginx-light",
    },
    Tool {
        program: "valgrind",
        package: "valgrind",
    },
    Tool {
        program: "taskset",
        package: "util-linux",
    },
];

pub const FULL: &[Tool] = &[Tool {
    program: "hyperfine",
    package: "hyperfine",
}];
