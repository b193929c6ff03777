//! `StaticFileModule`: files under the site root, as IIS's static file handler serves them
//! — only known file types (anything else, web.config and libraries included, is 404) —
//! and never a file of a handler (see [`servable`]) or one outside the root. Request
//! filtering's deny lists apply to the file a symlink resolves to as well as to the URL.
//! A name Windows reads as another file's (a device such as `CON` or `aux.txt`, or a
//! [`crate::canonical::windows_alias`]: a trailing dot or space, a `:` stream, an 8.3
//! short name), in the URL or in a path a URL_MAP filter chose, is refused before any
//! file system call, on every platform: here a URL becomes a file name.
use std::path::{Path, PathBuf};

use bytes::Bytes;
use hyper::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::StatusCode;

use crate::config::{Config, Module};
use crate::head::Head;
use crate::refusal::Refusal;

/// File extensions served, with their MIME types.
const MIME_TYPES: &[(&str, &str)] = &[
    ("htm", "text/html"),
    ("html", "text/html"),
    ("txt", "text/plain"),
    ("css", "text/css"),
    ("js", "application/javascript"),
    ("json", "application/json"),
    ("xml", "text/xml"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("svg", "image/svg+xml"),
    ("ico", "image/x-icon"),
    ("pdf", "application/pdf"),
    ("wasm", "application/wasm"),
];

/// The response for a canonical URL path: the file with its type, or 404. HEAD gets the
/// headers only. A [`Refusal`] when the file a symlink leads to is one request filtering
/// denies.
pub(crate) fn load(
    config: &Config,
    method: &str,
    canonical: &str,
) -> Result<(Head, Bytes), Refusal> {
    let path = crate::canonical::physical_path(&config.root, canonical);
    serve(config, method, Some(Path::new(&path)))
}

/// The response for a mapped physical path (`None`: the URL names no file).
pub(crate) fn serve(
    config: &Config,
    method: &str,
    path: Option<&Path>,
) -> Result<(Head, Bytes), Refusal> {
    let Some(path) = path else {
        return Ok(not_found());
    };
    if let Some(refusal) = names_a_windows_alias(&config.root, path) {
        return Err(refusal);
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let Some((_, mime)) = MIME_TYPES
        .iter()
        .find(|(ext, _)| Some(*ext) == extension.as_deref())
    else {
        return Ok(not_found());
    };
    let Some((real, relative)) = servable(config, path) else {
        return Ok(not_found());
    };
    // The URL was checked before routing; a symlink may lead somewhere it does not say
    // (`/pub/binlink/x.txt` → `bin/x.txt`), so the real path is checked too.
    config.request_filtering.check(&relative)?;
    let Ok(contents) = std::fs::read(real) else {
        return Ok(not_found());
    };
    let head = Head {
        status: StatusCode::OK,
        headers: vec![
            (CONTENT_TYPE, HeaderValue::from_static(mime)),
            (CONTENT_LENGTH, HeaderValue::from(contents.len())),
        ],
        close: false,
    };
    let body = if method == "HEAD" {
        Bytes::new()
    } else {
        Bytes::from(contents)
    };
    Ok((head, body))
}

/// The refusal of a `path` below `root` with a component Windows reads as another file's
/// name: a [`crate::canonical::windows_alias`] (a `:` is 400, the others 404), or a device
/// (`CON`, `aux.txt`, `COM1`). Only here (and where a URL is mapped to a path for an
/// extension) is an 8.3 short-name shape refused: only a file system resolves one.
fn names_a_windows_alias(root: &Path, path: &Path) -> Option<Refusal> {
    let below = path.strip_prefix(root).unwrap_or(path);
    below.components().find_map(|component| match component {
        std::path::Component::Normal(name) => {
            let name = name.to_string_lossy();
            match crate::canonical::windows_alias(&name) {
                Some(alias) => Some(Refusal::from(alias)),
                None => is_device_name(&name).then_some(Refusal::WindowsAlias),
            }
        }
        _ => None,
    })
}

/// A Win32 device name, which names the device in any folder and with any extension
/// (`CON`, `nul.txt`, `Com1.log`, `LPT¹`, `CONIN$`), ignoring case and trailing spaces.
fn is_device_name(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let head = base.get(..3).unwrap_or("");
    let tail = base.get(3..).unwrap_or("");
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"]
        .iter()
        .any(|device| base.eq_ignore_ascii_case(device))
        || ((head.eq_ignore_ascii_case("COM") || head.eq_ignore_ascii_case("LPT"))
            && matches!(
                tail,
                "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
            ))
}

/// Whether `path` is `folder` or below it, comparing names ignoring ASCII case (as NTFS
/// does, so that `Dist/x` is seen to be in `dist` whatever the file system says). The
/// same rule for canonical URLs is [`crate::canonical::inside`].
fn within(path: &Path, folder: &Path) -> bool {
    let mut components = path.components();
    folder.components().all(|wanted| {
        components.next().is_some_and(|component| {
            component
                .as_os_str()
                .eq_ignore_ascii_case(wanted.as_os_str())
        })
    })
}

/// The real file `path` names (symlinks resolved), if this module may serve it: a file
/// inside the root, not `web.config`, not in the folder of a library the site loads (its
/// bundle, settings and source maps live there), and not one of a bundle's files wherever
/// it is (`name.js`, `.qbc`, `.map`, `.settings.json` of a loaded `_name.so`). A library
/// at the root itself hides only those files: the root is the site. With it, its path
/// relative to the root as a URL path (`/bin/x.txt`). Each check applies to the path as
/// requested and to the one the file system resolved (on Windows, the long name of a
/// short one, without trailing dots), ignoring case.
fn servable(config: &Config, path: &Path) -> Option<(PathBuf, String)> {
    let root = std::fs::canonicalize(&config.root).ok()?;
    let real = std::fs::canonicalize(path).ok()?;
    if !real.starts_with(&root) || !real.is_file() {
        return None;
    }
    let names = [path.file_name()?.to_str()?, real.file_name()?.to_str()?];
    if names.iter().any(|n| n.eq_ignore_ascii_case("web.config")) {
        return None;
    }
    for library in loaded_libraries(config) {
        let Some(folder) = library.parent() else {
            continue;
        };
        let real_folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_owned());
        let same = |a: &Path, b: &Path| within(a, b) && within(b, a);
        let at_root = same(&root, &real_folder) || same(&config.root, folder);
        if !at_root && (within(&real, &real_folder) || within(path, folder)) {
            return None;
        }
        if let Some(bundle) = bundle_name(library) {
            if names.iter().any(|name| is_bundle_file(name, bundle)) {
                return None;
            }
        }
    }
    let relative = real
        .strip_prefix(&root)
        .ok()?
        .components()
        .map(|c| format!("/{}", c.as_os_str().to_string_lossy()))
        .collect();
    Some((real, relative))
}

/// Every library a handler or filter of the site loads.
fn loaded_libraries(config: &Config) -> impl Iterator<Item = &Path> {
    let handlers = config.handlers.iter().filter_map(|h| match &h.module {
        Module::Isapi { script_processor } => Some(script_processor.as_path()),
        Module::StaticFile => None,
    });
    handlers.chain(config.filters.iter().map(|f| f.path.as_path()))
}

/// `_name.so` → `name` (the naming rule of isapi-dll's location.rs).
fn bundle_name(library: &Path) -> Option<&str> {
    let stem = library.file_stem()?.to_str()?;
    let name = stem.get(1..)?;
    (!name.is_empty()).then_some(name)
}

fn is_bundle_file(file: &str, bundle: &str) -> bool {
    let Some(rest) = file
        .get(..bundle.len())
        .filter(|head| head.eq_ignore_ascii_case(bundle))
        .and_then(|_| file.get(bundle.len()..))
    else {
        return false;
    };
    [".js", ".qbc", ".map", ".js.map", ".settings.json"]
        .iter()
        .any(|suffix| rest.eq_ignore_ascii_case(suffix))
}

pub(crate) fn not_found() -> (Head, Bytes) {
    let body = Bytes::from_static(b"404 Not Found\n");
    let head = Head {
        status: StatusCode::NOT_FOUND,
        headers: vec![
            (CONTENT_TYPE, HeaderValue::from_static("text/plain")),
            (CONTENT_LENGTH, HeaderValue::from(body.len())),
        ],
        close: false,
    };
    (head, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a client gets, refusals included.
    fn answer(config: &Config, method: &str, canonical: &str) -> (Head, Bytes) {
        load(config, method, canonical).unwrap_or_else(Refusal::answer)
    }

    fn site(name: &str, config: &str) -> Config {
        let dir = std::env::temp_dir().join(format!("isapi-static-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Config::parse(config, &dir).unwrap()
    }

    #[test]
    fn serves_known_types_and_hides_the_rest() {
        let config = site("types", "<configuration/>");
        let dir = config.root.to_path_buf();
        std::fs::write(dir.join("page.htm"), "<p>hi</p>").unwrap();
        std::fs::write(dir.join("web.config"), "<configuration/>").unwrap();
        std::fs::write(dir.join("web.config.txt"), "text").unwrap();
        let status = |url: &str| answer(&config, "GET", url).0.status;
        let (head, body) = answer(&config, "GET", "/page.htm");
        assert_eq!(head.status, StatusCode::OK);
        assert_eq!(body, "<p>hi</p>");
        assert_eq!(answer(&config, "HEAD", "/page.htm").1, "");
        assert_eq!(status("/web.config"), StatusCode::NOT_FOUND);
        assert_eq!(status("/web.config.txt"), StatusCode::OK);
        assert_eq!(status("/missing.htm"), StatusCode::NOT_FOUND);
        assert_eq!(status("/"), StatusCode::NOT_FOUND);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn never_serves_a_handlers_files() {
        let config = site(
            "handlers",
            r#"<configuration><system.webServer>
                 <handlers>
                   <add name="a" path="/a/*" verb="*" modules="IsapiModule" scriptProcessor="dist/_app.so"/>
                   <add name="r" path="/r/*" verb="*" modules="IsapiModule" scriptProcessor="_root.so"/>
                 </handlers>
                 <isapiFilters><filter name="f" path="filters/_guard.so"/></isapiFilters>
               </system.webServer></configuration>"#,
        );
        let dir = config.root.to_path_buf();
        for folder in ["dist/assets", "filters", "pub"] {
            std::fs::create_dir_all(dir.join(folder)).unwrap();
        }
        for file in [
            "dist/index.htm",
            "dist/assets/x.css",
            "filters/guard.js",
            "app.settings.json",
            "App.JS",
            "root.js",
            "root.js.map",
            "root.qbc",
            "root.txt",
            "pub/app.js",
            "pub/other.js",
            "appx.js",
        ] {
            std::fs::write(dir.join(file), "x").unwrap();
        }
        let status = |url: &str| answer(&config, "GET", url).0.status.as_u16();
        for hidden in [
            "/dist/index.htm",
            "/dist/assets/x.css",
            "/filters/guard.js",
            "/app.settings.json",
            "/root.js",
            "/pub/app.js",
        ] {
            assert_eq!(status(hidden), 404, "{hidden}");
        }
        if !cfg!(windows) {
            assert_eq!(status("/App.JS"), 404, "names match ignoring case");
        }
        for served in ["/root.txt", "/pub/other.js", "/appx.js"] {
            assert_eq!(status(served), 200, "{served}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn device_names_and_folders_ignoring_case() {
        for device in [
            "CON",
            "con",
            "nul.txt",
            "Aux.tar.gz",
            "COM1",
            "lpt9.htm",
            "COM¹",
            "CONIN$",
            "prn .txt",
        ] {
            assert!(is_device_name(device), "{device}");
        }
        for name in [
            "console.txt",
            "com10",
            "COM",
            "lpt",
            "xcon",
            "nulls.txt",
            "com1x",
        ] {
            assert!(!is_device_name(name), "{name}");
        }
        let root = Path::new("/site");
        let refusal = |path: &str| names_a_windows_alias(root, Path::new(path));
        assert_eq!(refusal("/site/pub/aux.txt"), Some(Refusal::WindowsAlias));
        assert_eq!(refusal("/site/con/x.txt"), Some(Refusal::WindowsAlias));
        assert_eq!(refusal("/site/x.txt."), Some(Refusal::WindowsAlias));
        assert_eq!(refusal("/site/X~1.TXT"), Some(Refusal::WindowsAlias));
        assert_eq!(refusal("/site/x.txt:s"), Some(Refusal::BadUrl));
        assert_eq!(
            names_a_windows_alias(Path::new("/aux"), Path::new("/aux/x.txt")),
            None
        );
        assert_eq!(refusal("/site/a.b/c.txt"), None);
        assert!(within(Path::new("/site/Dist/x"), Path::new("/site/dist")));
        assert!(within(Path::new("/site/dist"), Path::new("/site/DIST")));
        assert!(!within(Path::new("/site/distx/y"), Path::new("/site/dist")));
        assert!(!within(Path::new("/site"), Path::new("/site/dist")));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_that_leave_the_root_are_not_followed() {
        let config = site("links", "<configuration/>");
        let dir = config.root.to_path_buf();
        let outside = dir.with_extension("outside.txt");
        std::fs::write(&outside, "secret").unwrap();
        std::fs::create_dir_all(dir.join("pub")).unwrap();
        std::fs::write(dir.join("pub/inside.txt"), "inside").unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("pub/link.txt")).unwrap();
        std::os::unix::fs::symlink(dir.join("pub/inside.txt"), dir.join("pub/alias.txt")).unwrap();
        assert_eq!(
            answer(&config, "GET", "/pub/link.txt").0.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(answer(&config, "GET", "/pub/alias.txt").1, "inside");
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_file(&outside);
    }
}
