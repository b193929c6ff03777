//! `cargo xtask serve`: build, list the sample URLs, then run our host on samples/web.config.
use crate::build;
use crate::cmd::Cmd;
use crate::failure::{Failure, Result};
use crate::summary::Summary;
use crate::workspace;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// Returns the host's exit code (on Unix the host replaces this process and this does not
/// return unless the host could not be started).
pub fn run(listen: &str) -> Result<i32> {
    let mut summary = Summary::new("serve (build)");
    let built = build::build(&mut summary);
    let finished = summary.finish(built.is_err());
    built.and(finished)?;

    let host = workspace::isapi_host();
    if !workspace::root().join(&host).exists() {
        return Err(Failure::new(format!(
            "{} is missing after the build",
            host.display()
        )));
    }

    eprintln!();
    eprintln!("Serving samples/web.config on http://{listen}/ — Ctrl-C stops the host.");
    for url in sample_urls(listen) {
        eprintln!("  {url}");
    }
    eprintln!();

    Cmd::new(&host)
        .arg("--config")
        .arg(workspace::WEB_CONFIG)
        .arg("--listen")
        .arg(listen)
        .exec()
}

/// The sample URLs: the `- http://…` lines of samples/README.md moved to `listen`, or if
/// there are none, the base URL plus each `<add path="…">` of samples/web.config.
fn sample_urls(listen: &str) -> Vec<String> {
    let root = workspace::root();
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap_or_default();
    let from_readme = readme_urls(&read(workspace::SAMPLES_README), listen);
    if !from_readme.is_empty() {
        return from_readme;
    }
    web_config_paths(&read(workspace::WEB_CONFIG))
        .into_iter()
        .map(|path| format!("http://{listen}/{}", path.trim_start_matches('/')))
        .collect()
}

fn readme_urls(readme: &str, listen: &str) -> Vec<String> {
    readme
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("- "))
        .map(|item| item.trim_start().trim_start_matches(['`', '<']))
        .filter(|item| item.starts_with("http://") || item.starts_with("https://"))
        .filter_map(|item| item.split_whitespace().next())
        .map(|url| with_authority(url.trim_end_matches(['`', '>', ',', '.', ')']), listen))
        .collect()
}

/// `url` with its host:port replaced by `listen` (our host speaks plain HTTP).
fn with_authority(url: &str, listen: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    format!("http://{listen}{path}")
}

/// The `path` attribute of every `<add …>` element.
fn web_config_paths(config: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = config;
    while let Some(start) = rest.find("<add") {
        let element = &rest[start..];
        let end = element.find('>').unwrap_or(element.len());
        let attributes = &element[..end];
        if let Some(path) = attribute(attributes, "path") {
            paths.push(path.to_string());
        }
        rest = &element[end..];
    }
    paths
}

fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    for quote in ['"', '\''] {
        let needle = format!(" {name}={quote}");
        if let Some(i) = element.find(&needle) {
            let value = &element[i + needle.len()..];
            return value.find(quote).map(|end| &value[..end]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_urls_move_to_the_listen_address() {
        let readme = "# Samples\n\
                      - http://127.0.0.1:8080/redirector/ — the redirector\n\
                      - `http://localhost:8080/hello?x=1`\n\
                      -  not a url\n\
                      text http://127.0.0.1:8080/ignored\n";
        assert_eq!(
            readme_urls(readme, "0.0.0.0:9000"),
            [
                "http://0.0.0.0:9000/redirector/",
                "http://0.0.0.0:9000/hello?x=1"
            ]
        );
    }

    #[test]
    fn web_config_paths_are_read_from_add_elements() {
        let config = r#"<configuration><system.webServer><handlers>
            <add name="a" path="redirector/*" verb="*" modules="IsapiModule" />
            <add name='b' path='/hello' />
            <add name="c" />
        </handlers></system.webServer></configuration>"#;
        assert_eq!(web_config_paths(config), ["redirector/*", "/hello"]);
    }

    #[test]
    fn authority_is_replaced_and_a_bare_origin_gets_a_slash() {
        assert_eq!(with_authority("http://a:1", "b:2"), "http://b:2/");
        assert_eq!(with_authority("https://a/x/y", "b:2"), "http://b:2/x/y");
    }
}
