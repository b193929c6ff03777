//! Traversal and canonicalisation, through the real `isapi-host` binary and C fixtures:
//! every spelling of a parent segment (encoded, backslashed, doubled, overlong,
//! double-escaped, absolute-form) against static files, a guarding filter (the URL it
//! sees and its decision), an extension (URL, PATH_INFO, PATH_TRANSLATED) and
//! MapURLToPath — each must see the one canonical URL or the request must be refused.
//! Also: a handler's files, hidden segments and denied extensions are never served (nor
//! reached through a spelling Windows reads as another name: a trailing dot or space, a
//! stream, a short name, other case, a device), while an extension receives such URLs as
//! sent; and CR/LF never reaches a response head.
mod support;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use support::http::{Connection, Response};

const WEB_CONFIG: &str = r#"<configuration><system.webServer>
  <handlers>
    <add name="probe" path="/probe/*" verb="*" modules="IsapiModule" scriptProcessor="dist/_native.so" />
    <add name="api" path="/api/*" verb="*" modules="IsapiModule" scriptProcessor="dist/_native.so" />
    <add name="native" path="/native/*" verb="*" modules="IsapiModule" scriptProcessor="dist/_native.so" />
    <add name="files" path="*" verb="GET,HEAD" modules="StaticFileModule" />
  </handlers>
  <isapiFilters><filter name="guard" path="dist/_guard.so" /></isapiFilters>
  <security><requestFiltering>
    <fileExtensions><add fileExtension=".bak" allowed="false" /></fileExtensions>
    <hiddenSegments><add segment="secret" /></hiddenSegments>
  </requestFiltering></security>
</system.webServer>
<location path="b"><system.webServer><security><requestFiltering>
  <fileExtensions><add fileExtension=".htm" allowed="false" /></fileExtensions>
  <hiddenSegments><add segment="drafts" /></hiddenSegments>
</requestFiltering></security></system.webServer></location>
</configuration>"#;

/// The fixtures, compiled once per test process.
fn libraries() -> &'static PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("traversal-libs-{}", std::process::id()));
        support::native::compile("native_ext.c", &dir.join("_native.so"));
        support::native::compile("guard_filter.c", &dir.join("_guard.so"));
        dir
    })
}

/// A site (libraries in dist/, files around them) served by the host binary.
struct Site {
    root: PathBuf,
    host: Child,
    addr: SocketAddr,
}

impl Site {
    fn start() -> Site {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "traversal-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&root);
        let file = |path: &str, text: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        for library in ["_native.so", "_guard.so"] {
            std::fs::create_dir_all(root.join("dist")).unwrap();
            std::fs::copy(libraries().join(library), root.join("dist").join(library)).unwrap();
        }
        file("web.config", WEB_CONFIG);
        file("b/file.txt", "b file\n");
        file("b/file.bak", "backup\n");
        file("private/index.html", "private\n");
        file("upstream/index.htm", "upstream\n");
        file("dist/guard.js", "const users = {};\n");
        file("dist/index.htm", "in the libraries' folder\n");
        file("native.settings.json", "{}\n");
        file("guard.js", "const users = {};\n");
        file("bin/x.txt", "bin\n");
        file("App_Data/x.txt", "data\n");
        file("secret/x.txt", "secret\n");
        file("pub/ok.txt", "ok\n");
        file("b/page.htm", "b page\n");
        file("b/drafts/x.txt", "b draft\n");
        file("drafts/x.txt", "draft\n");
        // Names Windows reads as devices or aliases, and names that only look like them.
        for device in [
            "pub/aux.txt",
            "pub/con",
            "pub/com1.txt",
            "pub/Lpt9.htm",
            "NUL",
        ] {
            file(device, "a device on Windows\n");
        }
        file("pub/a.b.c.txt", "dots inside\n");
        file("v1.0/x.txt", "dotted folder\n");
        file("pub/~user/ok.txt", "tilde folder\n");
        file("pub/report~2.html", "not a short name\n");
        file("pub/console.txt", "not a device\n");
        file("pub/com10.txt", "not a device either\n");
        let outside = root.with_extension("outside.txt");
        std::fs::write(&outside, "outside the root\n").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, root.join("pub/link.txt")).unwrap();
        // Symlinks inside the root to what request filtering hides.
        #[cfg(unix)]
        for (target, link) in [
            ("bin", "pub/binlink"),
            ("b/file.bak", "pub/backup.txt"),
            ("b/drafts", "b/notes"),
            ("drafts", "pub/drafts"),
        ] {
            std::os::unix::fs::symlink(root.join(target), root.join(link)).unwrap();
        }

        let log_path = root.with_extension("log");
        let log = std::fs::File::create(&log_path).unwrap();
        let mut host = Command::new(env!("CARGO_BIN_EXE_isapi-host"))
            .arg("--config")
            .arg(root.join("web.config"))
            .args(["--listen", "127.0.0.1:0"])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("cannot start isapi-host");
        let addr = support::listening_address(&mut host, &log_path);
        Site { root, host, addr }
    }

    fn get(&self, target: &str) -> Response {
        Connection::request(self.addr, "GET", target, &[], b"")
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = self.host.kill();
        let _ = self.host.wait();
        let _ = std::fs::remove_dir_all(&self.root);
        let _ = std::fs::remove_file(self.root.with_extension("outside.txt"));
        let _ = std::fs::remove_file(self.root.with_extension("log"));
    }
}

/// What a spelling must come to.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// The same resource as `/{T}`.
    Canonical,
    /// Refused before any stage sees it: this status, a body starting with this.
    Refused(u16, &'static str),
}

/// Every spelling of "`{T}`, reached from a sibling folder" (`{T}` is the target's path
/// without its leading `/`).
const SPELLINGS: &[(&str, Expect)] = &[
    ("/{T}", Expect::Canonical),
    ("/upstream/../{T}", Expect::Canonical),
    ("/upstream/%2e%2e/{T}", Expect::Canonical),
    ("/upstream/%2E%2e%2f{T}", Expect::Canonical),
    ("/upstream/..%2f{T}", Expect::Canonical),
    ("/upstream/..%5c{T}", Expect::Canonical),
    ("/upstream/..\\{T}", Expect::Canonical),
    ("/upstream/x/../../{T}", Expect::Canonical),
    ("/./{T}", Expect::Canonical),
    ("/upstream/./../{T}", Expect::Canonical),
    ("//{T}", Expect::Canonical),
    ("/upstream//..//{T}", Expect::Canonical),
    ("http://127.0.0.1/upstream/../{T}", Expect::Canonical),
    ("/x/../../{T}", Expect::Refused(400, "400")),
    ("/upstream/%2e%2e/%2e%2e/{T}", Expect::Refused(400, "400")),
    ("/upstream/..%5c..%5c{T}", Expect::Refused(400, "400")),
    ("/upstream/%252e%252e/{T}", Expect::Refused(404, "404.11")),
    ("/upstream/%c0%ae%c0%ae/{T}", Expect::Refused(400, "400")),
    (
        "/upstream/%c0%ae%c0%ae%c0%af{T}",
        Expect::Refused(400, "400"),
    ),
    ("/upstream/%00/../{T}", Expect::Refused(400, "400")),
];

fn spell(spelling: &str, target: &str) -> String {
    spelling.replace("{T}", target.trim_start_matches('/'))
}

/// Checks one response; a mismatch is added to `failures`.
fn check(
    failures: &mut Vec<String>,
    stage: &str,
    target: &str,
    response: &Response,
    expect: Expect,
    canonical: impl FnOnce(&Response) -> Result<(), String>,
) {
    let result = match expect {
        Expect::Canonical => canonical(response),
        Expect::Refused(status, body) => {
            if response.status == status && response.text().starts_with(body) {
                Ok(())
            } else {
                Err(format!(
                    "expected {status} {body:?}, got {} {:?}",
                    response.status,
                    response.text()
                ))
            }
        }
    };
    if let Err(why) = result {
        failures.push(format!("{stage} {target}: {why}"));
    }
}

#[test]
fn every_spelling_of_a_url_reaches_every_stage_in_its_one_canonical_form() {
    let site = Site::start();
    let root = site.root.display().to_string();
    let mut failures = Vec::new();
    for &(spelling, expect) in SPELLINGS {
        // Static files.
        let target = spell(spelling, "/b/file.txt");
        let response = site.get(&target);
        check(
            &mut failures,
            "static",
            &target,
            &response,
            expect,
            |r| match (r.status, r.text().as_str()) {
                (200, "b file\n") => Ok(()),
                (status, text) => Err(format!("expected the file, got {status} {text:?}")),
            },
        );

        // A filter guarding /private/: the URL it sees, and its decision.
        let target = spell(spelling, "/private/index.html");
        let response = site.get(&target);
        check(&mut failures, "filter", &target, &response, expect, |r| {
            let seen = (r.header("x-preproc-url"), r.header("x-map-url"));
            if r.status != 401 {
                return Err(format!("not denied: {} {:?}", r.status, r.text()));
            }
            match seen {
                (Some("/private/index.html"), Some("/private/index.html")) => Ok(()),
                seen => Err(format!("the filter saw {seen:?}")),
            }
        });
        if let Expect::Refused(..) = expect {
            if response.header("x-map-url").is_some_and(|u| u != "-") {
                failures.push(format!("filter {target}: a refused URL reached URL_MAP"));
            }
        }

        // An extension: URL, PATH_INFO and PATH_TRANSLATED.
        let target = spell(spelling, "/probe/x");
        let response = site.get(&target);
        check(
            &mut failures,
            "extension",
            &target,
            &response,
            expect,
            |r| {
                let text = r.text();
                let wanted = [
                    "URL=/probe/x\n".to_owned(),
                    "PATH_INFO=/probe/x\n".to_owned(),
                    format!("PATH_TRANSLATED={root}/probe/x\n"),
                    "ECB_PATH_INFO=/probe/x\n".to_owned(),
                    format!("ECB_PATH_TRANSLATED={root}/probe/x\n"),
                ];
                match wanted.iter().find(|line| !text.contains(line.as_str())) {
                    None if r.status == 200 => Ok(()),
                    missing => Err(format!("{missing:?} not in {} {text:?}", r.status)),
                }
            },
        );

        // MapURLToPath of the same spelling (the extension passes its raw query).
        let url = spell(spelling, "/b/file.txt");
        let response = site.get(&format!("/probe/map?{url}"));
        let mapped = response
            .text()
            .lines()
            .find_map(|line| line.strip_prefix("MAP=").map(str::to_owned))
            .unwrap_or_default();
        let wanted = match expect {
            Expect::Canonical => format!("{root}/b/file.txt"),
            Expect::Refused(..) => "error 87".to_owned(),
        };
        if mapped != wanted {
            failures.push(format!(
                "MapURLToPath {url}: {mapped:?}, expected {wanted:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The guard lets a user through: the denials above were its decision.
    let with_user = Connection::request(
        site.addr,
        "GET",
        "/upstream/../private/index.html",
        &[("Authorization", "Basic dXNlcjpwdw==")],
        b"",
    );
    assert_eq!(
        (with_user.status, with_user.text().as_str()),
        (200, "private\n")
    );
}

#[test]
fn exec_url_children_get_the_same_canonical_url_and_refusals() {
    let site = Site::start();
    let root = site.root.display().to_string();
    for (child, status, body) in [
        ("/upstream/../b/file.txt", 200, "b file\n".to_owned()),
        ("/upstream/%2e%2e%5cb/file.txt", 200, "b file\n".to_owned()),
        (
            "/upstream/%2e%2e/probe/x",
            200,
            format!("URL=/probe/x\nPATH_INFO=/probe/x\nPATH_TRANSLATED={root}/probe/x\n"),
        ),
        ("/x/../../b/file.txt", 400, "400".to_owned()),
        ("/upstream/%252e%252e/b/file.txt", 404, "404.11".to_owned()),
        ("/upstream/%c0%ae%c0%ae/b/file.txt", 400, "400".to_owned()),
        (
            "/upstream/../dist/guard.js",
            404,
            "404 Not Found".to_owned(),
        ),
        ("/upstream/../bin/x.txt", 404, "404.8".to_owned()),
        ("/b/file.bak", 404, "404.7".to_owned()),
    ] {
        let response = site.get(&format!("/native/exec-to?{child}"));
        assert_eq!(
            (response.status, response.text().starts_with(&body)),
            (status, true),
            "{child}: {:?}",
            response.text()
        );
    }
}

#[test]
fn a_url_a_filter_rewrites_is_canonicalised_again() {
    let site = Site::start();
    let up = site.get("/rewrite/up");
    assert_eq!(up.status, 401, "{:?}", up.text());
    assert_eq!(up.header("x-map-url"), Some("/private/index.html"));
    let double = site.get("/rewrite/double");
    assert_eq!(double.status, 404);
    assert!(double.text().starts_with("404.11"), "{:?}", double.text());
    let above = site.get("/rewrite/above");
    assert_eq!(above.status, 400, "{:?}", above.text());
    assert_eq!(above.header("x-map-url"), Some("-"));
}

#[test]
fn a_handlers_files_hidden_segments_and_denied_extensions_are_never_served() {
    let site = Site::start();
    for (target, status, body) in [
        ("/b/file.txt", 200, "b file"),
        ("/pub/ok.txt", 200, "ok"),
        // The libraries' folder, and a bundle's files wherever they are.
        ("/dist/index.htm", 404, "404 Not Found"),
        ("/upstream/../dist/guard.js", 404, "404 Not Found"),
        ("/guard.js", 404, "404 Not Found"),
        ("/native.settings.json", 404, "404 Not Found"),
        // A symlink out of the root is not followed.
        ("/pub/link.txt", 404, "404 Not Found"),
        // A symlink inside the root is checked where it leads.
        ("/pub/binlink/x.txt", 404, "404.8"),
        ("/pub/backup.txt", 404, "404.7"),
        ("/b/notes/x.txt", 404, "404.8"),
        ("/pub/drafts/x.txt", 200, "draft"),
        // IIS's default hiddenSegments, whole segments ignoring case, and the config's own.
        ("/web.config", 404, "404.8"),
        ("/upstream/../WEB.CONFIG", 404, "404.8"),
        ("/bin/x.txt", 404, "404.8"),
        ("/Bin/x.txt", 404, "404.8"),
        ("/App_Data/x.txt", 404, "404.8"),
        ("/secret/x.txt", 404, "404.8"),
        // Whatever handler the URL maps to: request filtering comes first.
        ("/probe/App_Data/x", 404, "404.8"),
        ("/probe/bin", 404, "404.8"),
        // <fileExtensions>: 404.7.
        ("/b/file.bak", 404, "404.7"),
        ("/b/FILE.BAK", 404, "404.7"),
        // A <location>'s own lists, for the URLs under its folder only.
        ("/b/page.htm", 404, "404.7"),
        ("/upstream/../b/page.htm", 404, "404.7"),
        ("/b/drafts/x.txt", 404, "404.8"),
        ("/upstream/index.htm", 200, "upstream"),
        ("/drafts/x.txt", 200, "draft"),
    ] {
        let response = site.get(target);
        assert_eq!(
            (response.status, response.text().starts_with(body)),
            (status, true),
            "{target}: {:?}",
            response.text()
        );
    }
}

/// The start of the host's answer to a name Windows reads as another file's.
const ALIAS: &str = "404 Not Found: the URL spells a file name as Windows would read another";
const NOT_FOUND: &str = "404 Not Found\n";

/// Every spelling by which Windows names a file under another name, against web.config,
/// a bundle's `.js`, a library and its folder, hidden segments, a `<location>`'s lists, a
/// filter's guarded folder: refused the same way on every platform (the Wine run of the
/// Windows build expects the same answers) — by request filtering, which compares
/// segments as Windows names the file, whatever handler the URL goes to, and by the
/// static file handler, where the URL becomes a file name — while names that merely
/// contain dots, tildes or a device's letters are served.
#[test]
fn windows_spellings_of_a_file_name_are_refused_on_every_platform() {
    let site = Site::start();
    let mut failures = Vec::new();
    for (target, status, body) in [
        // web.config: trailing dots and spaces, streams (a hidden segment as Windows reads
        // it), a short name (no file has it), case.
        ("/web.config.", 404, "404.8"),
        ("/web.config.%20.%20", 404, "404.8"),
        ("/web.config%20", 404, "404.8"),
        ("/web.config::$DATA", 404, "404.8"),
        ("/web.config%3a%3a$DATA", 404, "404.8"),
        ("/web.config:stream", 404, "404.8"),
        ("/WEB~1.CON", 404, ALIAS),
        ("/web~1.con", 404, ALIAS),
        ("/WEB~~V04.CON", 404, ALIAS),
        ("/WEB.CONFIG", 404, "404.8"),
        ("/b/Web.Config", 404, "404.8"),
        // A bundle's .js, in the libraries' folder and at the root.
        ("/dist/guard.js.", 404, ALIAS),
        ("/dist/guard.js.%20.%20", 404, ALIAS),
        ("/dist/guard.js%20", 404, ALIAS),
        ("/dist/guard.js::$DATA", 400, "400"),
        ("/dist/guard.js:stream", 400, "400"),
        ("/DIST~1/guard.js", 404, ALIAS),
        ("/DIST/GUARD.JS", 404, NOT_FOUND),
        ("/guard.js.", 404, ALIAS),
        ("/guard.js::$DATA", 400, "400"),
        ("/GUARD.JS", 404, NOT_FOUND),
        ("/native.settings.json.", 404, ALIAS),
        ("/NATIVE~1.JSO", 404, ALIAS),
        // The library and its folder.
        ("/dist/_guard.so.", 404, ALIAS),
        ("/dist/_guard.so::$DATA", 400, "400"),
        ("/Dist/_Guard.SO", 404, NOT_FOUND),
        ("/dist./index.htm", 404, ALIAS),
        ("/dist%20/index.htm", 404, ALIAS),
        ("/dist::$INDEX_ALLOCATION/index.htm", 400, "400"),
        ("/Dist/index.htm", 404, NOT_FOUND),
        // Hidden segments, for static files and for an extension's URLs alike.
        ("/secret./x.txt", 404, "404.8"),
        ("/secret%20/x.txt", 404, "404.8"),
        ("/SECRET/x.txt", 404, "404.8"),
        ("/secret::$INDEX_ALLOCATION/x.txt", 404, "404.8"),
        ("/SECRET~1/x.txt", 404, ALIAS),
        ("/App_Data./x.txt", 404, "404.8"),
        ("/app_data::$DATA/x.txt", 404, "404.8"),
        ("/APP_DA~1/x.txt", 404, ALIAS),
        ("/APP_~NYX/x.txt", 404, ALIAS),
        ("/probe/App_Data./x", 404, "404.8"),
        ("/probe/app_data::$DATA/x", 404, "404.8"),
        ("/probe/App_Data%20/x", 404, "404.8"),
        ("/api/App_Data./x", 404, "404.8"),
        ("/probe/secret:x/y", 404, "404.8"),
        ("/probe/SECRET/x", 404, "404.8"),
        // Denied extensions, however the last segment ends.
        ("/b/file.bak.", 404, "404.7"),
        ("/b/file.bak%20", 404, "404.7"),
        ("/b/file.bak::$DATA", 404, "404.7"),
        ("/api/x.bak.", 404, "404.7"),
        // A <location>'s lists apply to its folder in any case and any alias of it.
        ("/B/page.htm", 404, "404.7"),
        ("/b./page.htm", 404, "404.7"),
        ("/b%20/page.htm", 404, "404.7"),
        ("/b::$INDEX_ALLOCATION/page.htm", 404, "404.7"),
        ("/B/drafts/x.txt", 404, "404.8"),
        ("/b/DRAFTS/x.txt", 404, "404.8"),
        ("/b./drafts./x.txt", 404, "404.8"),
        // The folder the guarding filter protects.
        ("/private./index.html", 404, ALIAS),
        ("/PRIVAT~1/index.html", 404, ALIAS),
        ("/private::$INDEX_ALLOCATION/index.html", 400, "400"),
        // Devices, in any folder, with any extension, in any case.
        ("/pub/aux.txt", 404, ALIAS),
        ("/pub/con", 404, ALIAS),
        ("/pub/COM1.txt", 404, ALIAS),
        ("/pub/Lpt9.htm", 404, ALIAS),
        ("/NUL", 404, ALIAS),
        ("/con/x.txt", 404, ALIAS),
        // Positive controls: dots, tildes and devices' letters inside names are fine.
        ("/pub/ok.txt", 200, "ok\n"),
        ("/upstream/index.htm", 200, "upstream\n"),
        ("/pub/a.b.c.txt", 200, "dots inside\n"),
        ("/v1.0/x.txt", 200, "dotted folder\n"),
        ("/pub/~user/ok.txt", 200, "tilde folder\n"),
        ("/pub/report~2.html", 200, "not a short name\n"),
        ("/pub/console.txt", 200, "not a device\n"),
        ("/pub/com10.txt", 200, "not a device either\n"),
        ("/probe/a.b/con", 200, "URL=/probe/a.b/con\n"),
        // A child request gets the same refusals.
        ("/native/exec-to?/web.config.", 404, "404.8"),
        ("/native/exec-to?/dist/guard.js::$DATA", 400, "400"),
        ("/native/exec-to?/DIST~1/guard.js", 404, ALIAS),
    ] {
        let response = site.get(target);
        if response.status != status || !response.text().starts_with(body) {
            failures.push(format!(
                "{target}: expected {status} {body:?}, got {} {:?}",
                response.status,
                response.text()
            ));
        }
    }
    // MapURLToPath refuses the same spellings (ERROR_INVALID_PARAMETER): such a URL has no
    // file path of its own.
    let root = site.root.display().to_string();
    for (url, mapped) in [
        ("/web.config.", "error 87".to_owned()),
        ("/dist/guard.js::$DATA", "error 87".to_owned()),
        ("/DIST~1/guard.js", "error 87".to_owned()),
        ("/x%20", "error 87".to_owned()),
        ("/api/v1.", "error 87".to_owned()),
        ("/api/x:batchGet", "error 87".to_owned()),
        ("/pub/a.b.c.txt", format!("{root}/pub/a.b.c.txt")),
    ] {
        let response = site.get(&format!("/probe/map?{url}"));
        if !response.text().contains(&format!("MAP={mapped}\n")) {
            failures.push(format!("MapURLToPath {url}: {:?}", response.text()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A URL an extension handles never becomes a file name: Windows' alias spellings reach
/// it as sent (decoded), in URL and PATH_INFO, with no PATH_TRANSLATED (no file has that
/// name; `MapURLToPath` refuses it the same way). A folder of a handler is matched as
/// Windows names it, so `/probe./x` is the probe's.
#[test]
fn an_extension_receives_urls_windows_would_read_as_another_name() {
    let site = Site::start();
    let mut failures = Vec::new();
    for (target, url) in [
        ("/api/Report~1.pdf", "/api/Report~1.pdf"),
        ("/api/v1.", "/api/v1."),
        ("/api/x:batchGet", "/api/x:batchGet"),
        ("/api/time/12:30", "/api/time/12:30"),
        ("/api/items/urn:isbn:1", "/api/items/urn:isbn:1"),
        ("/api/search/foo%20", "/api/search/foo "),
        ("/api/docs/a~b", "/api/docs/a~b"),
        ("/probe/x.", "/probe/x."),
        ("/probe/x::$DATA", "/probe/x::$DATA"),
        ("/probe/X~1", "/probe/X~1"),
        ("/probe./x", "/probe./x"),
    ] {
        let response = site.get(target);
        let text = response.text();
        let wanted = [
            format!("URL={url}\n"),
            format!("PATH_INFO={url}\n"),
            "PATH_TRANSLATED=\n".to_owned(),
            format!("ECB_PATH_INFO={url}\n"),
            "ECB_PATH_TRANSLATED=\n".to_owned(),
        ];
        if response.status != 200 || wanted.iter().any(|line| !text.contains(line.as_str())) {
            failures.push(format!(
                "{target}: expected {wanted:?}, got {} {text:?}",
                response.status
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cr_and_lf_never_reach_a_response_head() {
    let site = Site::start();
    // A handler redirecting to a client-supplied URL with an encoded CRLF is refused.
    let response = site.get("/native/redirect-to?http://example.invalid/%0d%0aX-Injected:%20yes");
    assert_eq!(response.header("x-injected"), None, "{response:?}");
    assert_eq!(
        (response.status, response.text().as_str()),
        (200, "refused errno 87")
    );
    let response = site.get("/native/redirect-to?http://example.invalid/%0aX-Injected:%20yes");
    assert_eq!(response.header("x-injected"), None, "{response:?}");
    let fine = site.get("/native/redirect-to?http://example.invalid/next%3Fa=1");
    assert_eq!(fine.status, 302);
    assert_eq!(
        fine.header("location"),
        Some("http://example.invalid/next?a=1")
    );
    // A filter's SetHeader and AddResponseHeaders are refused the same way.
    let response = site.get("/b/file.txt?inject-filter");
    assert_eq!(response.status, 200);
    assert_eq!(response.header("x-set-refused"), Some("0/0:87"));
    assert_eq!(response.header("x-injected"), None);
    assert_eq!(response.header("x-evil"), None);
    assert_eq!(response.header("x-evil2"), None);
}

#[test]
fn a_filters_own_server_header_replaces_the_hosts() {
    let site = Site::start();
    for target in [
        "/b/file.txt?server-added",
        "/b/file.txt?server-header",
        "/b/file.txt?server-set",
    ] {
        let response = site.get(target);
        let servers: Vec<&str> = response
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("server"))
            .map(|(_, value)| value.as_str())
            .collect();
        assert_eq!((response.status, servers), (200, vec!["filt"]), "{target}");
    }
    let plain = site.get("/b/file.txt");
    assert!(plain
        .header("server")
        .is_some_and(|s| s.starts_with("isapi-ts-host")));
}
