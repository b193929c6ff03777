//! Where a handler's `node:fs` may go: the folders its embedder allowed (`HandlerConfig`'s
//! `fs_read`, `fs_write`), each with everything under it, and nothing else.
//!
//! Every path a call names is made absolute (against the handler's working folder),
//! normalized without the file system (`.` and `..` dropped lexically, as Windows does
//! and as Node's `path.resolve` does), then resolved to where it really is: the longest
//! existing prefix through the OS's `canonicalize` (symbolic links, junctions, 8.3 short
//! names and letter case all resolved), a symbolic link right after it (one that points
//! nowhere yet) followed by hand. That real path must lie inside an allowed root (roots
//! are canonical too) — and the call then works on that real path, never on the text it
//! was given, so what was checked is what is used. Anything else is `EACCES`, before the
//! file system has been touched outside the roots.
//!
//! On Windows the forms whose meaning the Win32 layer changes or that name no plain file
//! are refused before any of that ([`windows_refusal`]): `\\?\`, `\\.\`, `\??\` and UNC
//! paths, drive-relative `C:x`, alternate data streams (`a.txt:s`), device names (`CON`,
//! `NUL`, `COM1`, `LPT1`, … also with an extension or trailing spaces), names ending in a
//! dot or a space, and wildcard characters.
//!
//! What is guaranteed, and what is not (docs/node.md says it too): the check sees the file
//! system as it is when the call runs. A file is opened without following a link in its
//! last component (`O_NOFOLLOW`; `FILE_FLAG_OPEN_REPARSE_POINT`), so a link put there after
//! the check fails instead of being followed, and on Linux the opened file's own path
//! (`/proc/self/fd`) is checked again. A folder on the way swapped for a link between the
//! check and the use by another process is not detected on other systems; the handler
//! itself cannot make links (`node:fs` has no `symlink` or `link`). A hard link made by
//! someone else inside a root to a file outside is, like on any OS, that file.
use std::io;
use std::path::{Component, Path, PathBuf};

/// How a call uses a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    Read,
    Write,
}

/// Why a path cannot be used.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// Outside the allowed folders (or a refused form): `EACCES`.
    Denied,
    /// The file system's own error while resolving (a loop of links): that error.
    Io(io::Error),
}

/// The folders a handler may use, canonical, and its working folder.
#[derive(Clone, Debug)]
pub(crate) struct Roots {
    cwd: PathBuf,
    read: Vec<PathBuf>,
    write: Vec<PathBuf>,
}

/// Links followed in one path before giving up (Linux's own limit).
const MAX_LINKS: usize = 40;

impl Roots {
    /// `read` and `write` relative to `cwd` when not absolute. Write folders are created
    /// when missing (the default data folder appears on first use); a folder that cannot
    /// be used is left out, with a warning. Writable folders are readable.
    pub(crate) fn new(cwd: &Path, read: &[PathBuf], write: &[PathBuf]) -> Roots {
        let canonical = |folder: &PathBuf, create: bool| {
            let folder = cwd.join(folder);
            if create {
                if let Err(error) = std::fs::create_dir_all(&folder) {
                    tracing::warn!("node:fs: cannot create {}: {error}", folder.display());
                }
            }
            match std::fs::canonicalize(&folder) {
                Ok(real) if real.is_dir() => Some(real),
                Ok(_) => {
                    tracing::warn!("node:fs: {} is not a folder; left out", folder.display());
                    None
                }
                Err(error) => {
                    tracing::warn!("node:fs: cannot use {}: {error}", folder.display());
                    None
                }
            }
        };
        let write: Vec<PathBuf> = write.iter().filter_map(|f| canonical(f, true)).collect();
        let mut read: Vec<PathBuf> = read.iter().filter_map(|f| canonical(f, false)).collect();
        read.extend(write.iter().cloned());
        Roots {
            cwd: std::fs::canonicalize(cwd)
                .map(|real| plain(&real))
                .unwrap_or_else(|_| cwd.to_owned()),
            read,
            write,
        }
    }

    /// The working folder relative paths start from.
    pub(crate) fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// Whether `real` (a resolved path) is one of the roots themselves.
    pub(crate) fn is_root(&self, real: &Path) -> bool {
        self.read.iter().any(|root| root == real)
    }

    /// Whether `real` (a resolved path) lies inside a root allowing `access`.
    pub(crate) fn allows(&self, real: &Path, access: Access) -> bool {
        let roots = match access {
            Access::Read => &self.read,
            Access::Write => &self.write,
        };
        roots.iter().any(|root| real.starts_with(root))
    }

    /// Where `path` really is, if the handler may use it for `access`. `follow_last`:
    /// whether a link in the last component is followed (`stat`) or is itself the object
    /// (`lstat`, `unlink`, `rename`).
    pub(crate) fn resolve(
        &self,
        path: &str,
        access: Access,
        follow_last: bool,
    ) -> Result<PathBuf, Refusal> {
        if path.contains('\0') || (cfg!(windows) && windows_refusal(path)) {
            return Err(Refusal::Denied);
        }
        let absolute = normalize(&self.cwd.join(path));
        let real = match real_path(&absolute, follow_last) {
            Ok(real) => real,
            // A loop of links is reported only where the handler may look.
            Err(Refusal::Io(error)) if self.allows(&absolute, Access::Read) => {
                return Err(Refusal::Io(error))
            }
            Err(_) => return Err(Refusal::Denied),
        };
        if self.allows(&real, access) {
            Ok(real)
        } else {
            Err(Refusal::Denied)
        }
    }
}

/// `path` without the `\\?\` that Windows' canonical paths carry, so that joining a
/// handler's path to it parses `/` as a separator (a verbatim path takes every character
/// literally); elsewhere `path` itself.
fn plain(path: &Path) -> PathBuf {
    if cfg!(windows) {
        let text = path.to_string_lossy();
        if let Some(unc) = text.strip_prefix("\\\\?\\UNC\\") {
            return PathBuf::from(format!("\\\\{unc}"));
        }
        if let Some(rest) = text.strip_prefix("\\\\?\\") {
            if rest.as_bytes().get(1) == Some(&b':') {
                return PathBuf::from(rest);
            }
        }
    }
    path.to_owned()
}

/// `.` and `..` removed without asking the file system (`..` at the root stays there).
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                // Never above the root (or the prefix on Windows).
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Where the normalized absolute `path` really is (see the module's comment).
fn real_path(path: &Path, follow_last: bool) -> Result<PathBuf, Refusal> {
    if !follow_last {
        // The last component is the object itself: resolve where it sits.
        return match (path.parent(), path.file_name()) {
            (Some(parent), Some(name)) => Ok(real_path(parent, true)?.join(name)),
            _ => real_path(path, true),
        };
    }
    let mut path = path.to_owned();
    for _ in 0..MAX_LINKS {
        // The longest prefix that exists, as the OS resolves it.
        let mut base = None;
        for ancestor in path.ancestors() {
            if let Ok(real) = std::fs::canonicalize(ancestor) {
                base = Some((real, ancestor));
                break;
            }
        }
        let Some((real, existing)) = base else {
            return Ok(path);
        };
        let rest = path
            .strip_prefix(existing)
            .map(Path::to_owned)
            .unwrap_or_default();
        let mut rest = rest.components();
        let Some(next) = rest.next() else {
            return Ok(real);
        };
        let candidate = real.join(next);
        // The next component exists but could not be resolved: a link to nowhere (or a
        // loop) is followed by hand; anything else (a file where a folder should be) is
        // the call's to fail on.
        match std::fs::symlink_metadata(&candidate) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&candidate).map_err(Refusal::Io)?;
                path = joined(normalize(&real.join(target)), rest.as_path());
            }
            _ => return Ok(joined(candidate, rest.as_path())),
        }
    }
    Err(Refusal::Io(super::error::too_many_links()))
}

/// `base` + `rest`, with no trailing separator when `rest` is empty.
fn joined(base: PathBuf, rest: &Path) -> PathBuf {
    if rest.as_os_str().is_empty() {
        base
    } else {
        base.join(rest)
    }
}

/// Whether Windows would read `path` as something other than a plain file path under a
/// drive (see the module's comment). Pure text: tested on every system.
pub(crate) fn windows_refusal(path: &str) -> bool {
    let is_separator = |c: char| c == '\\' || c == '/';
    let mut chars = path.chars();
    let (first, second) = (chars.next(), chars.next());
    // UNC, \\?\, \\.\ (and the same with forward slashes).
    if first.is_some_and(is_separator) && second.is_some_and(is_separator) {
        return true;
    }
    if path.starts_with("\\??\\") || path.starts_with("/??/") {
        return true;
    }
    let rest = match (first, second) {
        (Some(letter), Some(':')) if letter.is_ascii_alphabetic() => {
            let rest = &path[2..];
            // `C:x` is relative to drive C's own current folder.
            if !rest.starts_with(is_separator) {
                return true;
            }
            rest
        }
        _ => path,
    };
    rest.split(is_separator)
        .filter(|name| !name.is_empty() && *name != "." && *name != "..")
        .any(|name| {
            name.ends_with('.')
                || name.ends_with(' ')
                || name
                    .chars()
                    .any(|c| c < ' ' || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|'))
                || is_device_name(name)
        })
}

/// `CON`, `nul.txt`, `COM1 .log`, `lpt¹`: names Windows gives to a device in every folder.
fn is_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let upper = stem.to_uppercase();
    if matches!(
        upper.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$" | "CLOCK$"
    ) {
        return true;
    }
    let mut chars = upper.chars();
    let head: String = chars.by_ref().take(3).collect();
    let tail: Vec<char> = chars.collect();
    (head == "COM" || head == "LPT")
        && tail.len() == 1
        && (tail[0].is_ascii_digit() || matches!(tail[0], '¹' | '²' | '³'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_forms_that_name_no_plain_file_are_refused() {
        for path in [
            r"\\?\C:\data\x",
            r"\\.\C:\x",
            r"\\.\PhysicalDrive0",
            r"\\server\share\x",
            "//server/share/x",
            r"\??\C:\x",
            "C:x",
            "c:..\\x",
            "a.txt:stream",
            "a.txt::$DATA",
            r"C:\data\a.txt:secret:$DATA",
            "CON",
            "con",
            "nul.txt",
            "sub/NUL",
            "sub\\aux.tar.gz",
            "COM1",
            "com9.log",
            "LPT1",
            "lpt3 .txt",
            "COM¹",
            "PRN.",
            "CONOUT$",
            "secret.txt.",
            "secret.txt ",
            "folder./x",
            "a*b",
            "a?b",
            "a<b",
            "a\u{1}b",
        ] {
            assert!(windows_refusal(path), "{path:?} must be refused");
        }
    }

    #[test]
    fn plain_windows_paths_pass_the_text_check() {
        for path in [
            r"C:\data\x.txt",
            "c:/data/x",
            r"data\sub\file.json",
            "../x",
            r"..\..\x",
            "console.log",
            "CONFIG",
            "com10",
            "lpt",
            "nullable.txt",
            "auxiliary",
            ".hidden",
            "a.b.c",
            r"\rooted\x",
            "PROGRA~1",
        ] {
            assert!(!windows_refusal(path), "{path:?} is a plain path");
        }
    }

    #[test]
    fn dot_dot_never_climbs_above_the_root() {
        assert_eq!(normalize(Path::new("/a/b/../../../x")), Path::new("/x"));
        assert_eq!(normalize(Path::new("/a/./b/../c")), Path::new("/a/c"));
        assert_eq!(normalize(Path::new("/a/foo/../../x")), Path::new("/x"));
    }

    /// A scratch folder with `root/` (the allowed data folder), `root/in.txt`,
    /// `outside/secret.txt` and links from inside the root to outside.
    struct Scratch(PathBuf);

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn scratch(name: &str) -> Scratch {
        let folder =
            std::env::temp_dir().join(format!("isapi-confine-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(folder.join("root/sub")).unwrap();
        std::fs::create_dir_all(folder.join("outside")).unwrap();
        std::fs::create_dir_all(folder.join("readonly")).unwrap();
        std::fs::write(folder.join("root/in.txt"), "in").unwrap();
        std::fs::write(folder.join("outside/secret.txt"), "secret").unwrap();
        std::fs::write(folder.join("readonly/r.txt"), "r").unwrap();
        Scratch(folder)
    }

    fn roots(scratch: &Scratch) -> Roots {
        Roots::new(
            &scratch.0.join("root"),
            &[scratch.0.join("readonly")],
            &[scratch.0.join("root")],
        )
    }

    fn denied(result: Result<PathBuf, Refusal>) -> bool {
        matches!(result, Err(Refusal::Denied))
    }

    #[test]
    fn paths_inside_resolve_to_their_real_place() {
        let scratch = scratch("inside");
        let roots = roots(&scratch);
        let root = std::fs::canonicalize(scratch.0.join("root")).unwrap();
        let inside = roots.resolve("in.txt", Access::Write, true).unwrap();
        assert_eq!(inside, root.join("in.txt"));
        let created = roots.resolve("sub/new/deeper.txt", Access::Write, true);
        assert_eq!(created.unwrap(), root.join("sub/new/deeper.txt"));
        let climbing = roots.resolve("sub/../in.txt", Access::Read, true);
        assert_eq!(climbing.unwrap(), root.join("in.txt"));
        assert_eq!(roots.resolve(".", Access::Write, true).unwrap(), root);
        // The read-only folder: read, never written.
        assert!(roots
            .resolve("../readonly/r.txt", Access::Read, true)
            .is_ok());
        assert!(denied(roots.resolve(
            "../readonly/r.txt",
            Access::Write,
            true
        )));
        assert!(denied(roots.resolve(
            "../readonly/new.txt",
            Access::Write,
            true
        )));
    }

    #[test]
    fn escapes_are_refused() {
        let scratch = scratch("escapes");
        let roots = roots(&scratch);
        let secret = scratch.0.join("outside/secret.txt");
        for path in [
            "../outside/secret.txt",
            "sub/../../outside/secret.txt",
            "foo/../../outside/secret.txt",
            "../../../../../../../../etc/passwd",
            "/etc/passwd",
            secret.to_str().unwrap(),
            "..",
            "../outside/new.txt",
            "../root-sibling/x",
            "in.txt\0",
        ] {
            for access in [Access::Read, Access::Write] {
                assert!(
                    denied(roots.resolve(path, access, true)),
                    "{path:?} {access:?} must be refused"
                );
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_pointing_out_are_refused() {
        use std::os::unix::fs::symlink;
        let scratch = scratch("links");
        let root = scratch.0.join("root");
        symlink(scratch.0.join("outside"), root.join("out-dir")).unwrap();
        symlink(scratch.0.join("outside/secret.txt"), root.join("out-file")).unwrap();
        // A link to a file that does not exist yet: writing through it would create it
        // outside.
        symlink(scratch.0.join("outside/planted.txt"), root.join("dangling")).unwrap();
        symlink("../../outside", root.join("sub/relative")).unwrap();
        // A chain: a link inside to a link inside to outside.
        symlink(root.join("out-dir"), root.join("chain")).unwrap();
        symlink(root.join("loop-a"), root.join("loop-b")).unwrap();
        symlink(root.join("loop-b"), root.join("loop-a")).unwrap();
        symlink(root.join("in.txt"), root.join("in-link")).unwrap();
        let roots = roots(&scratch);
        for path in [
            "out-dir/secret.txt",
            "out-dir",
            "out-file",
            "dangling",
            "sub/relative/secret.txt",
            "chain/secret.txt",
            "chain/new.txt",
        ] {
            assert!(
                denied(roots.resolve(path, Access::Write, true)),
                "{path:?} must be refused"
            );
            assert!(
                denied(roots.resolve(path, Access::Read, true)),
                "{path:?} must be refused"
            );
        }
        // The link itself (lstat, unlink) is inside, wherever it points.
        assert!(roots.resolve("out-file", Access::Write, false).is_ok());
        assert!(roots.resolve("dangling", Access::Write, false).is_ok());
        // A link to a file inside is that file.
        let real = std::fs::canonicalize(root.join("in.txt")).unwrap();
        assert_eq!(roots.resolve("in-link", Access::Read, true).unwrap(), real);
        assert!(matches!(
            roots.resolve("loop-a", Access::Read, true),
            Err(Refusal::Io(_)) | Err(Refusal::Denied)
        ));
        assert!(!scratch.0.join("outside/planted.txt").exists());
    }

    #[test]
    fn a_missing_root_is_left_out_and_write_roots_are_made() {
        let scratch = scratch("missing");
        let roots = Roots::new(
            &scratch.0,
            &[PathBuf::from("no-such-folder")],
            &[PathBuf::from("data/app")],
        );
        assert!(scratch.0.join("data/app").is_dir());
        assert!(denied(roots.resolve(
            "no-such-folder/x",
            Access::Read,
            true
        )));
        assert!(roots.resolve("data/app/x", Access::Write, true).is_ok());
        assert!(denied(roots.resolve("data/x", Access::Write, true)));
    }
}
