//! `node:fs` stays inside the folders it is allowed: every way out — `..`, absolute paths,
//! links pointing out (to a folder, a file, a file not made yet, a chain, a loop), the
//! sync, callback and Promise forms alike — fails with EACCES and touches nothing outside.
//! Run through `isapi-run` with `--allow-read`/`--allow-write`, as a handler's settings
//! would set them. (The Windows-only forms are the path checker's unit tests.)
use std::path::{Path, PathBuf};
use std::process::Command;

/// A scratch layout: `site/` (read-only), `site/data/` (read-write), `outside/`.
struct Layout(PathBuf);

impl Drop for Layout {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn layout(name: &str) -> Layout {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fs-confine-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("site/data")).unwrap();
    std::fs::create_dir_all(root.join("outside/folder")).unwrap();
    std::fs::write(root.join("site/page.txt"), "page").unwrap();
    std::fs::write(root.join("site/data/mine.txt"), "mine").unwrap();
    std::fs::write(root.join("outside/secret.txt"), "secret").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        let data = root.join("site/data");
        symlink(root.join("outside"), data.join("out-folder")).unwrap();
        symlink(root.join("outside/secret.txt"), data.join("out-file")).unwrap();
        symlink(root.join("outside/planted.txt"), data.join("dangling")).unwrap();
        symlink("../../outside", data.join("relative")).unwrap();
        symlink(data.join("out-folder"), data.join("chain")).unwrap();
        symlink(data.join("loop-b"), data.join("loop-a")).unwrap();
        symlink(data.join("loop-a"), data.join("loop-b")).unwrap();
        symlink(root.join("site/page.txt"), data.join("to-page")).unwrap();
    }
    Layout(root)
}

/// Runs `source` with the current folder `site/data`, allowed to read `site` and write
/// `site/data`; returns stdout (the script must end normally).
fn run(layout: &Layout, source: &str) -> String {
    let script = layout.0.join("script.mjs");
    std::fs::write(&script, source).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_isapi-run"))
        .arg("--allow-read")
        .arg(layout.0.join("site"))
        .arg("--allow-write")
        .arg(layout.0.join("site/data"))
        .arg(&script)
        .current_dir(layout.0.join("site/data"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "the script failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The script: tries `calls` (JS expressions using `p`, each a call on path `p`) for each
/// path in every form, printing `path form code` for each.
const PROBE: &str = r#"
import fs from "node:fs";
import * as fsp from "node:fs/promises";
const paths = JSON.parse(process_paths);
const calls = {
  readFile: ["readFileSync", "readFile"],
  writeFile: ["writeFileSync", "writeFile", "x"],
  appendFile: ["appendFileSync", "appendFile", "x"],
  stat: ["statSync", "stat"],
  lstat: ["lstatSync", "lstat"],
  readdir: ["readdirSync", "readdir"],
  mkdir: ["mkdirSync", "mkdir"],
  rm: ["rmSync", "rm", { recursive: true, force: true }],
  unlink: ["unlinkSync", "unlink"],
  open: ["openSync", "open", "a"],
  access: ["accessSync", "access"],
  realpath: ["realpathSync", "realpath"],
  truncate: ["truncateSync", "truncate"],
  copyFileFrom: ["copyFileSync", "copyFile"],
  renameFrom: ["renameSync", "rename"],
};
const out = [];
const code = (e) => (e && e.code) || "ok";
// A link is the handler's own entry: removing or renaming it is allowed (and would change
// what the later paths find), so those calls are not tried on a link itself.
const links = ["out-folder", "out-file", "dangling"];
const onItself = ["lstat", "unlink", "rm", "renameFrom"];
for (const path of paths) {
  for (const [name, [sync, async_, extra]] of Object.entries(calls)) {
    if (links.includes(path) && onItself.includes(name)) continue;
    const args = name === "copyFileFrom" || name === "renameFrom" ? [path, "copied.txt"] : extra === undefined ? [path] : [path, extra];
    let result;
    try { fs[sync](...args); result = "ok"; } catch (e) { result = code(e); }
    out.push(`${path} ${name} sync ${result}`);
    result = await new Promise((done) => fs[async_](...args, (e) => done(code(e))));
    out.push(`${path} ${name} callback ${result}`);
    result = await fsp[async_](...args).then(() => "ok", (e) => code(e));
    out.push(`${path} ${name} promise ${result}`);
  }
  out.push(`${path} exists ${fs.existsSync(path)}`);
}
console.log(out.join("\n"));
"#;

fn probe(layout: &Layout, paths: &[&str]) -> Vec<String> {
    let list = serde_json_list(paths);
    let source = PROBE.replace("process_paths", &format!("{list:?}"));
    run(layout, &source).lines().map(str::to_owned).collect()
}

fn serde_json_list(paths: &[&str]) -> String {
    let quoted: Vec<String> = paths
        .iter()
        .map(|p| format!("\"{}\"", p.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect();
    format!("[{}]", quoted.join(","))
}

/// What is outside is as it was: nothing written, removed or made there.
fn outside_untouched(layout: &Layout) {
    let outside = layout.0.join("outside");
    assert_eq!(
        std::fs::read_to_string(outside.join("secret.txt")).unwrap(),
        "secret"
    );
    let mut names: Vec<String> = std::fs::read_dir(&outside)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["folder", "secret.txt"]);
    assert_eq!(
        std::fs::read_dir(outside.join("folder")).unwrap().count(),
        0
    );
}

#[test]
fn every_way_out_is_eacces_in_every_form() {
    let layout = layout("out");
    let secret = layout.0.join("outside/secret.txt");
    let outside_folder = layout.0.join("outside/folder");
    let mut paths = vec![
        "../../outside/secret.txt".to_owned(),
        "../../outside/folder".to_owned(),
        "../../outside/new.txt".to_owned(),
        "sub/../../../outside/secret.txt".to_owned(),
        "foo/../../../outside/folder/new".to_owned(),
        "../../../../../../../../../../etc/passwd".to_owned(),
        secret.to_string_lossy().into_owned(),
        outside_folder.to_string_lossy().into_owned(),
        format!("{}/../secret.txt", outside_folder.display()),
        "/".to_owned(),
        "../..".to_owned(),
        "../../outside".to_owned(),
    ];
    if cfg!(unix) {
        for link in [
            "out-folder/secret.txt",
            "out-folder",
            "out-folder/new.txt",
            "out-file",
            "dangling",
            "relative/secret.txt",
            "chain/secret.txt",
            "chain/folder/new.txt",
        ] {
            paths.push(link.to_owned());
        }
    }
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let lines = probe(&layout, &refs);
    let mut checked = 0;
    for line in &lines {
        let (path_and_call, result) = line.rsplit_once(' ').unwrap();
        if path_and_call.ends_with(" exists") {
            assert_eq!(result, "false", "{line}");
            continue;
        }
        assert_eq!(result, "EACCES", "{line}");
        checked += 1;
    }
    assert!(
        checked > 500,
        "only {checked} attempts checked:\n{}",
        lines.join("\n")
    );
    outside_untouched(&layout);
}

#[cfg(unix)]
#[test]
fn a_loop_of_links_is_eloop_and_a_link_inside_is_followed() {
    let layout = layout("loop");
    let out = run(
        &layout,
        r#"
import fs from "node:fs";
try { fs.readFileSync("loop-a"); } catch (e) { console.log(e.code, e.syscall, e.path); }
console.log(fs.readFileSync("to-page", "utf8"), fs.readFileSync("../page.txt", "utf8"));
console.log(fs.readlinkSync("out-file").endsWith("outside/secret.txt"), fs.lstatSync("out-file").isSymbolicLink());
fs.unlinkSync("out-file");
console.log(fs.existsSync("out-file"));
"#,
    );
    assert_eq!(out, "ELOOP open loop-a\npage page\ntrue true\nfalse\n");
    outside_untouched(&layout);
}

#[test]
fn read_only_folders_are_read_only_and_the_roots_stay() {
    let layout = layout("readonly");
    let out = run(
        &layout,
        r#"
import fs from "node:fs";
const code = (f) => { try { f(); return "ok"; } catch (e) { return e.code; } };
console.log(fs.readFileSync("../page.txt", "utf8"), fs.readdirSync("..").join(","));
console.log(code(() => fs.writeFileSync("../page.txt", "x")), code(() => fs.writeFileSync("../new.txt", "x")));
console.log(code(() => fs.unlinkSync("../page.txt")), code(() => fs.mkdirSync("../made")), code(() => fs.renameSync("mine.txt", "../mine.txt")));
console.log(code(() => fs.copyFileSync("mine.txt", "../copy.txt")), code(() => fs.copyFileSync("../page.txt", "page-copy.txt")));
console.log(code(() => fs.openSync("../page.txt", "r+")), code(() => fs.openSync("../page.txt", "r")) === "ok" ? "read ok" : "read refused");
console.log(code(() => fs.accessSync("../page.txt", fs.constants.W_OK)), code(() => fs.accessSync("mine.txt", fs.constants.W_OK)));
console.log(code(() => fs.rmSync(".", { recursive: true })), code(() => fs.rmdirSync("../data")), code(() => fs.renameSync(".", "x")));
fs.writeFileSync("new.txt", "new");
console.log(fs.readFileSync("new.txt", "utf8"), fs.existsSync("."));
"#,
    );
    assert_eq!(
        out,
        "page data,page.txt\nEACCES EACCES\nEACCES EACCES EACCES\nEACCES ok\nEACCES read ok\nEACCES ok\nEACCES EACCES EACCES\nnew true\n"
    );
    assert_eq!(
        std::fs::read_to_string(layout.0.join("site/page.txt")).unwrap(),
        "page"
    );
    assert!(layout.0.join("site/data").is_dir());
}

#[test]
fn by_default_isapi_run_reads_only_the_scripts_folder() {
    let layout = layout("default");
    let script = layout.0.join("site/script.mjs");
    std::fs::write(
        &script,
        r#"
import fs from "node:fs";
const code = (f) => { try { f(); return "ok"; } catch (e) { return e.code; } };
console.log(code(() => fs.readFileSync("site/page.txt")));
console.log(code(() => fs.writeFileSync("site/data/x.txt", "x")));
console.log(code(() => fs.readFileSync("outside/secret.txt")));
"#,
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_isapi-run"))
        .arg(&script)
        .current_dir(&layout.0)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "ok\nEACCES\nEACCES\n",
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
