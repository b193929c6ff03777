//! A failed file-system call as Node reports it: `code` (`ENOENT`), `errno` (negative, as
//! libuv numbers it: the OS's errno on Unix, libuv's own numbers on Windows), `syscall`,
//! `path`, `dest`, and the message `ENOENT: no such file or directory, open 'x'`.
use std::io;

/// What `node:fs` needs to build Node's error.
#[derive(Debug)]
pub(crate) struct FsError {
    pub code: &'static str,
    pub errno: i32,
    pub syscall: &'static str,
    pub path: Option<String>,
    pub dest: Option<String>,
}

/// (code, libuv's description, libuv's number on Windows).
const CODES: &[(&str, &str, i32)] = &[
    ("EPERM", "operation not permitted", -4048),
    ("ENOENT", "no such file or directory", -4058),
    ("EIO", "i/o error", -4070),
    ("EBADF", "bad file descriptor", -4083),
    ("EACCES", "permission denied", -4092),
    ("EBUSY", "resource busy or locked", -4082),
    ("EEXIST", "file already exists", -4075),
    ("EXDEV", "cross-device link not permitted", -4037),
    ("ENOTDIR", "not a directory", -4052),
    ("EISDIR", "illegal operation on a directory", -4068),
    ("EINVAL", "invalid argument", -4071),
    ("EMFILE", "too many open files", -4066),
    ("EFBIG", "file too large", -4036),
    ("ENOSPC", "no space left on device", -4055),
    ("EROFS", "read-only file system", -4043),
    ("ENAMETOOLONG", "name too long", -4064),
    ("ENOTEMPTY", "directory not empty", -4051),
    ("ELOOP", "too many symbolic links encountered", -4067),
    ("ENOTSUP", "operation not supported on socket", -4049),
    ("ETXTBSY", "text file is busy", -4038),
    ("UNKNOWN", "unknown error", -4094),
];

impl FsError {
    /// An error of `code` (one of [`CODES`]) that the platform decided on (`EACCES` for a
    /// path outside the allowed folders, `EBADF` for an unknown descriptor).
    pub(crate) fn new(code: &'static str, syscall: &'static str, path: Option<&str>) -> FsError {
        FsError {
            code,
            errno: errno_of(code),
            syscall,
            path: path.map(str::to_owned),
            dest: None,
        }
    }

    /// The OS's error `error` of `syscall` on `path`.
    pub(crate) fn io(error: &io::Error, syscall: &'static str, path: Option<&str>) -> FsError {
        let code = code_of(error);
        FsError {
            code,
            errno: match error.raw_os_error() {
                Some(raw) if cfg!(unix) => -raw,
                _ => errno_of(code),
            },
            syscall,
            path: path.map(str::to_owned),
            dest: None,
        }
    }

    pub(crate) fn with_dest(mut self, dest: &str) -> FsError {
        self.dest = Some(dest.to_owned());
        self
    }

    /// Node's message: `ENOENT: no such file or directory, open 'x'` (`-> 'y'` for two).
    pub(crate) fn message(&self) -> String {
        let description = CODES
            .iter()
            .find(|(code, _, _)| *code == self.code)
            .map_or("unknown error", |(_, text, _)| text);
        let mut message = format!("{}: {description}, {}", self.code, self.syscall);
        if let Some(path) = &self.path {
            message.push_str(&format!(" '{path}'"));
        }
        if let Some(dest) = &self.dest {
            message.push_str(&format!(" -> '{dest}'"));
        }
        message
    }
}

/// The (negative) errno Node shows for `code` on this system.
fn errno_of(code: &str) -> i32 {
    #[cfg(unix)]
    {
        let raw = match code {
            "EPERM" => libc::EPERM,
            "ENOENT" => libc::ENOENT,
            "EIO" => libc::EIO,
            "EBADF" => libc::EBADF,
            "EACCES" => libc::EACCES,
            "EBUSY" => libc::EBUSY,
            "EEXIST" => libc::EEXIST,
            "EXDEV" => libc::EXDEV,
            "ENOTDIR" => libc::ENOTDIR,
            "EISDIR" => libc::EISDIR,
            "EINVAL" => libc::EINVAL,
            "EMFILE" => libc::EMFILE,
            "EFBIG" => libc::EFBIG,
            "ENOSPC" => libc::ENOSPC,
            "EROFS" => libc::EROFS,
            "ENAMETOOLONG" => libc::ENAMETOOLONG,
            "ENOTEMPTY" => libc::ENOTEMPTY,
            "ELOOP" => libc::ELOOP,
            "ENOTSUP" => libc::ENOTSUP,
            "ETXTBSY" => libc::ETXTBSY,
            _ => return -4094,
        };
        -raw
    }
    #[cfg(not(unix))]
    {
        CODES
            .iter()
            .find(|(c, _, _)| *c == code)
            .map_or(-4094, |(_, _, errno)| *errno)
    }
}

/// Node's code for the OS's error.
fn code_of(error: &io::Error) -> &'static str {
    if let Some(raw) = error.raw_os_error() {
        if let Some(code) = os_code(raw) {
            return code;
        }
    }
    match error.kind() {
        io::ErrorKind::NotFound => "ENOENT",
        io::ErrorKind::PermissionDenied => "EPERM",
        io::ErrorKind::AlreadyExists => "EEXIST",
        io::ErrorKind::InvalidInput => "EINVAL",
        io::ErrorKind::NotADirectory => "ENOTDIR",
        io::ErrorKind::IsADirectory => "EISDIR",
        io::ErrorKind::DirectoryNotEmpty => "ENOTEMPTY",
        _ => "UNKNOWN",
    }
}

#[cfg(unix)]
fn os_code(raw: i32) -> Option<&'static str> {
    CODES
        .iter()
        .map(|(code, _, _)| *code)
        .find(|code| *code != "UNKNOWN" && -errno_of(code) == raw)
}

/// libuv's mapping of the Win32 errors file calls give.
#[cfg(not(unix))]
fn os_code(raw: i32) -> Option<&'static str> {
    Some(match raw {
        2 | 3 | 15 | 21 | 53 | 67 | 123 | 161 | 1392 => "ENOENT",
        4 => "EMFILE",
        5 | 19 | 1314 => "EPERM",
        6 => "EBADF",
        17 => "EXDEV",
        32 | 33 | 170 | 231 => "EBUSY",
        80 | 183 => "EEXIST",
        87 | 131 | 1224 => "EINVAL",
        112 | 39 => "ENOSPC",
        145 => "ENOTEMPTY",
        206 => "ENAMETOOLONG",
        267 => "ENOTDIR",
        1921 => "ELOOP",
        _ => return None,
    })
}

/// The error of a path that goes round in links.
pub(crate) fn too_many_links() -> io::Error {
    #[cfg(unix)]
    {
        io::Error::from_raw_os_error(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        io::Error::from_raw_os_error(1921)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_nodes() {
        let error = FsError::io(
            &io::Error::from(io::ErrorKind::NotFound),
            "open",
            Some("x.txt"),
        );
        assert_eq!(
            error.message(),
            "ENOENT: no such file or directory, open 'x.txt'"
        );
        let error = FsError::new("EACCES", "rename", Some("a")).with_dest("../b");
        assert_eq!(
            error.message(),
            "EACCES: permission denied, rename 'a' -> '../b'"
        );
        #[cfg(target_os = "linux")]
        assert_eq!(error.errno, -13);
    }
}
