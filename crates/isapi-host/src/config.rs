//! The IIS `web.config` subset the host understands: `system.webServer/handlers` entries
//! with `modules="IsapiModule"` or `modules="StaticFileModule"`, and
//! `serverRuntime@uploadReadAheadSize`.
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

pub use crate::refusal::Refusal;
pub use crate::request_filtering::{LocationFiltering, RequestFiltering};

/// IIS's default `uploadReadAheadSize`: body bytes preloaded before the extension runs.
pub const DEFAULT_UPLOAD_READ_AHEAD: usize = 49152;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Directory of the config file: relative `scriptProcessor` paths start here, and it
    /// is the site's physical root. Shared: every request's server variables keep it.
    pub root: Arc<Path>,
    /// Shared, so a request keeps its entry without copying it.
    pub handlers: Vec<Arc<Handler>>,
    /// `system.webServer/isapiFilters`, in load order.
    pub filters: Vec<FilterEntry>,
    pub upload_read_ahead: usize,
    /// `security/requestFiltering`'s deny lists (IIS's defaults when absent), of the site
    /// and its `<location>`s.
    pub request_filtering: LocationFiltering,
    /// `security/requestFiltering/requestLimits` of the site and its `<location>`s.
    pub request_limits: crate::limits::LocationLimits,
    /// `system.applicationHost` `<limits>`/`<webLimits>`: what the site sets over the
    /// host's (flags or IIS's defaults).
    pub connection_limits: crate::limits::ConnectionLimitsConfig,
}

/// One `<isapiFilters><filter …/>` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterEntry {
    pub name: String,
    /// The filter library, absolute.
    pub path: PathBuf,
    pub enabled: bool,
}

/// One `<handlers><add …/>` entry mapping URLs to an ISAPI library.
#[derive(Debug, Clone, PartialEq)]
pub struct Handler {
    pub name: String,
    /// The folder a `<location path="…">` limits the entry to (`/hello`), if any.
    pub scope: Option<String>,
    pub path: PathPattern,
    /// `None` = every verb (`verb="*"`).
    pub verbs: Option<Vec<String>>,
    pub module: Module,
    pub allow_path_info: bool,
}

/// What serves the requests a handler entry matches.
#[derive(Debug, Clone, PartialEq)]
pub enum Module {
    /// `IsapiModule`: an ISAPI extension library (`scriptProcessor`, absolute).
    Isapi { script_processor: PathBuf },
    /// `StaticFileModule`: files under the site root, for known file types only (as IIS,
    /// which answers 404 for extensions without a MIME mapping, web.config included).
    StaticFile,
}

/// The `path` attribute: what part of a URL selects the handler.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPattern {
    /// `*`: every request.
    Any,
    /// `*.ext`: the last URL segment ends with `.ext`.
    Extension(String),
    /// `name`: the last URL segment equals it.
    FileName(String),
    /// `/prefix/*` (ours, not IIS): the prefix itself and everything below it.
    Prefix(String),
}

impl PathPattern {
    fn parse(text: &str) -> PathPattern {
        if text == "*" {
            PathPattern::Any
        } else if let Some(prefix) = text.strip_suffix("/*").filter(|p| p.starts_with('/')) {
            PathPattern::Prefix(prefix.to_owned())
        } else if let Some(ext) = text.strip_prefix("*.") {
            PathPattern::Extension(ext.to_ascii_lowercase())
        } else {
            PathPattern::FileName(text.to_ascii_lowercase())
        }
    }

    /// Whether `url_path` (decoded, without query) selects this handler. Like IIS,
    /// file-name matching ignores case. (Per request: allocates nothing.)
    pub fn matches(&self, url_path: &str) -> bool {
        let last = url_path.rsplit('/').next().unwrap_or("").as_bytes();
        match self {
            PathPattern::Any => true,
            PathPattern::Extension(ext) => {
                let ext = ext.as_bytes();
                last.len() > ext.len() + 1
                    && last[last.len() - ext.len() - 1] == b'.'
                    && last[last.len() - ext.len()..].eq_ignore_ascii_case(ext)
            }
            PathPattern::FileName(name) => last.eq_ignore_ascii_case(name.as_bytes()),
            PathPattern::Prefix(prefix) => crate::canonical::inside(url_path, prefix),
        }
    }

    /// For `allowPathInfo`: the length of `url_path`'s script part (PATH_INFO follows it).
    pub fn script_len(&self, url_path: &str) -> usize {
        match self {
            PathPattern::Prefix(prefix) => {
                crate::canonical::folder_len(url_path, prefix).unwrap_or(prefix.len())
            }
            PathPattern::Any => 0,
            PathPattern::Extension(_) | PathPattern::FileName(_) => url_path.len(),
        }
    }
}

impl Handler {
    /// Whether `url_path` selects this entry: inside its `<location>` folder, and
    /// matching its `path` there.
    pub fn matches(&self, url_path: &str) -> bool {
        let inside = self
            .scope
            .as_ref()
            .is_none_or(|scope| crate::canonical::inside(url_path, scope));
        inside && self.path.matches(url_path)
    }

    /// For `allowPathInfo`: the length of `url_path`'s script part.
    pub fn script_len(&self, url_path: &str) -> usize {
        match (&self.scope, &self.path) {
            (Some(scope), PathPattern::Any) => {
                crate::canonical::folder_len(url_path, scope).unwrap_or(scope.len())
            }
            _ => self.path.script_len(url_path),
        }
    }

    pub fn allows(&self, method: &str) -> bool {
        self.verbs
            .as_ref()
            .is_none_or(|verbs| verbs.iter().any(|v| v.eq_ignore_ascii_case(method)))
    }
}

/// What a URL resolves to.
pub enum Route<'a> {
    Handler(&'a Arc<Handler>),
    MethodNotAllowed,
    NotFound,
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let root = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        Config::parse(&text, &root).map_err(|(line, message)| ConfigError::Invalid {
            path: path.to_owned(),
            line,
            message,
        })
    }

    /// Parses config text; errors carry the 1-based line.
    pub fn parse(text: &str, root: &Path) -> Result<Config, (usize, String)> {
        let mut reader = Reader::from_str(text);
        let mut stack: Vec<String> = Vec::new();
        // `<location path="x">` elements open: the stack depth each started at.
        let mut locations: Vec<usize> = Vec::new();
        let mut scope: Option<String> = None;
        let mut config = Config {
            root: Arc::from(root),
            handlers: Vec::new(),
            filters: Vec::new(),
            upload_read_ahead: DEFAULT_UPLOAD_READ_AHEAD,
            request_filtering: LocationFiltering::default(),
            request_limits: Default::default(),
            connection_limits: Default::default(),
        };
        loop {
            let position = reader.buffer_position() as usize;
            // Bytes, not `str`: quick-xml's position may fall inside a character.
            let line = || {
                let before = &text.as_bytes()[..position.min(text.len())];
                before.iter().filter(|&&b| b == b'\n').count() + 1
            };
            let event = reader
                .read_event()
                .map_err(|e| (line(), format!("malformed XML: {e}")))?;
            match event {
                Event::Start(element) => {
                    let name = element_name(&element);
                    if name == "location" && stack.len() == 1 {
                        let path = attributes(&element)
                            .map_err(|m| (line(), m))?
                            .into_iter()
                            .find(|(k, _)| k == "path")
                            .map(|(_, v)| v);
                        let folder = path.as_deref().map(str::trim).unwrap_or("");
                        scope = match folder.trim_matches('/') {
                            "" | "." => None,
                            folder => Some(format!("/{folder}")),
                        };
                        locations.push(stack.len());
                    }
                    config
                        .element(&stack, &name, &element, scope.as_deref())
                        .map_err(|m| (line(), m))?;
                    stack.push(name);
                }
                Event::Empty(element) => {
                    let name = element_name(&element);
                    config
                        .element(&stack, &name, &element, scope.as_deref())
                        .map_err(|m| (line(), m))?;
                }
                Event::End(_) => {
                    stack.pop();
                    if locations.last() == Some(&stack.len()) {
                        locations.pop();
                        scope = None;
                    }
                }
                Event::Eof => {
                    if let Some(open) = stack.last() {
                        return Err((line(), format!("malformed XML: <{open}> is never closed")));
                    }
                    break;
                }
                _ => {}
            }
        }
        // A folder's own entries come before those it inherits, deepest folder first, as
        // IIS orders the collection it builds for a URL; the order within each is kept.
        config
            .handlers
            .sort_by_key(|h| std::cmp::Reverse(h.scope.as_ref().map_or(0, |s| s.len())));
        config.request_filtering.resolve();
        config.request_limits.resolve();
        Ok(config)
    }

    fn element(
        &mut self,
        stack: &[String],
        name: &str,
        element: &BytesStart<'_>,
        scope: Option<&str>,
    ) -> Result<(), String> {
        let parent: Vec<&str> = stack.iter().map(String::as_str).collect();
        match (parent.as_slice(), name) {
            ([.., "system.webServer", "handlers"], "add") => {
                let attrs = attributes(element)?;
                let get = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
                let modules = get("modules").unwrap_or_default();
                let entry_name = get("name").ok_or("<add> in <handlers> needs a name attribute")?;
                let is = |module: &str| modules.split(',').any(|m| m.trim() == module);
                if !is("IsapiModule") && !is("StaticFileModule") {
                    tracing::debug!(
                        "handler {entry_name:?} uses modules={modules:?}; not served by this host"
                    );
                    return Ok(());
                }
                if !precondition_holds(get("preCondition").as_deref()) {
                    tracing::debug!("handler {entry_name:?}: preCondition does not hold here");
                    return Ok(());
                }
                let path = get("path")
                    .ok_or_else(|| format!("handler {entry_name:?} needs a path attribute"))?;
                let verb = get("verb")
                    .ok_or_else(|| format!("handler {entry_name:?} needs a verb attribute"))?;
                let module = if is("IsapiModule") {
                    let processor = get("scriptProcessor").ok_or_else(|| {
                        format!(
                            "handler {entry_name:?} needs a scriptProcessor (the ISAPI library)"
                        )
                    })?;
                    Module::Isapi {
                        script_processor: library_path(&self.root, &processor),
                    }
                } else {
                    Module::StaticFile
                };
                let verbs = (verb.trim() != "*")
                    .then(|| verb.split(',').map(|v| v.trim().to_owned()).collect());
                let scope = scope.map(str::to_owned);
                self.handlers
                    .retain(|h| h.name != entry_name || h.scope != scope);
                self.handlers.push(Arc::new(Handler {
                    name: entry_name,
                    scope,
                    path: PathPattern::parse(path.trim()),
                    verbs,
                    module,
                    allow_path_info: get("allowPathInfo")
                        .is_some_and(|v| v.eq_ignore_ascii_case("true")),
                }));
            }
            ([.., "system.webServer", "handlers"], "remove") => {
                let target = removed_name(element)?;
                self.handlers.retain(|h| h.name != target);
            }
            ([.., "system.webServer", "handlers"], "clear") => self.handlers.clear(),
            ([.., "system.webServer", "isapiFilters"], "filter") => {
                let attrs = attributes(element)?;
                let get = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
                let name = get("name").ok_or("<filter> needs a name attribute")?;
                let path =
                    get("path").ok_or_else(|| format!("filter {name:?} needs a path attribute"))?;
                let enabled = get("enabled").is_none_or(|v| !v.eq_ignore_ascii_case("false"));
                self.filters.retain(|f| f.name != name);
                if !precondition_holds(get("preCondition").as_deref()) {
                    tracing::debug!("filter {name:?}: preCondition does not hold here; not loaded");
                    return Ok(());
                }
                self.filters.push(FilterEntry {
                    name,
                    path: library_path(&self.root, &path),
                    enabled,
                });
            }
            ([.., "system.webServer", "isapiFilters"], "remove") => {
                let target = removed_name(element)?;
                self.filters.retain(|f| f.name != target);
            }
            ([.., "system.webServer", "isapiFilters"], "clear") => self.filters.clear(),
            ([.., "system.webServer"], "serverRuntime") => {
                let attrs = attributes(element)?;
                if let Some((_, value)) = attrs.iter().find(|(k, _)| k == "uploadReadAheadSize") {
                    self.upload_read_ahead = value
                        .trim()
                        .parse()
                        .map_err(|_| format!("uploadReadAheadSize {value:?} is not a number"))?;
                }
            }
            ([.., "security", "requestFiltering"], "hiddenSegments" | "fileExtensions")
            | ([.., "security", "requestFiltering", "hiddenSegments" | "fileExtensions"], _) => {
                let list = parent.last().copied().unwrap_or_default();
                self.request_filtering
                    .element(scope, list, name, attributes(element)?)?;
            }
            ([.., "system.webServer", "security", "requestFiltering"], "requestLimits") => {
                let attrs = attributes(element)?;
                let patch = self.request_limits.patch(scope);
                crate::limits::read_request_limits(patch, &attrs)?;
            }
            ([.., "requestFiltering", "requestLimits", "headerLimits"], "add") => {
                let attrs = attributes(element)?;
                let get = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
                let header = get("header").ok_or("<headerLimits><add> needs a header attribute")?;
                let size = get("sizeLimit").ok_or_else(|| {
                    format!("<headerLimits><add header={header:?}> needs a sizeLimit")
                })?;
                let size = crate::limits::number("sizeLimit", &size)?;
                let patch = self.request_limits.patch(scope);
                patch.header_limits.push((Some(header), Some(size)));
            }
            ([.., "requestFiltering", "requestLimits", "headerLimits"], "remove") => {
                let attrs = attributes(element)?;
                let header = attrs
                    .into_iter()
                    .find(|(k, _)| k == "header")
                    .map(|(_, v)| v)
                    .ok_or("<headerLimits><remove> needs a header attribute")?;
                let patch = self.request_limits.patch(scope);
                patch.header_limits.push((Some(header), None));
            }
            ([.., "requestFiltering", "requestLimits", "headerLimits"], "clear") => {
                let patch = self.request_limits.patch(scope);
                patch.header_limits.push((None, None));
            }
            ([.., "system.applicationHost", "sites", "siteDefaults"], "limits")
            | ([.., "system.applicationHost", "sites", "site"], "limits")
            | ([.., "system.applicationHost"], "webLimits") => {
                self.connection_limits.read(&attributes(element)?)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Finds the handler for a request, as IIS does: first match by path wins; a path
    /// match whose verbs exclude the method makes 405 unless a later entry matches fully.
    pub fn route(&self, method: &str, url_path: &str) -> Route<'_> {
        self.route_after(method, url_path, None)
    }

    /// As [`Config::route`], skipping the entries up to and including `after` (for
    /// `HSE_EXEC_URL_IGNORE_CURRENT_INTERCEPTOR`: the next handler in line).
    pub fn route_after(&self, method: &str, url_path: &str, after: Option<&str>) -> Route<'_> {
        let start = after
            .and_then(|name| self.handlers.iter().position(|h| h.name == name))
            .map_or(0, |index| index + 1);
        let mut path_matched = false;
        for handler in &self.handlers[start..] {
            if handler.matches(url_path) {
                if handler.allows(method) {
                    return Route::Handler(handler);
                }
                path_matched = true;
            }
        }
        if path_matched {
            Route::MethodNotAllowed
        } else {
            Route::NotFound
        }
    }
}

fn element_name(element: &BytesStart<'_>) -> String {
    element.name().as_ref().to_owned()
}

/// A library named in web.config: relative to the config's folder, in the platform's own
/// spelling (`dist/_x.dll` becomes `…\\dist\\_x.dll` on Windows, not a mixed `…\\dist/_x.dll`),
/// `.` segments and doubled separators dropped, so that one spelling of a path is logged
/// and compared. `..` segments are kept as written (resolving them lexically would be
/// wrong across a symlink), so `a/../dist/_x.dll` and `dist/_x.dll` stay two spellings.
fn library_path(root: &Path, value: &str) -> PathBuf {
    root.join(value.trim()).components().collect()
}

/// IIS's `preCondition` (comma-separated, all must hold): `bitness32`/`bitness64` against
/// this process, `integratedMode` (this host behaves as IIS's integrated pipeline) and not
/// `classicMode`. The .NET ones (`runtimeVersionv*`, `managedHandler`) do not concern
/// native libraries and hold.
fn precondition_holds(precondition: Option<&str>) -> bool {
    let bits = usize::BITS;
    precondition
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .all(|condition| match condition.to_ascii_lowercase().as_str() {
            "bitness32" => bits == 32,
            "bitness64" => bits == 64,
            "classicmode" => false,
            _ => true,
        })
}

/// The `name` of a `<remove>` element.
fn removed_name(element: &BytesStart<'_>) -> Result<String, String> {
    attributes(element)?
        .into_iter()
        .find(|(k, _)| k == "name")
        .map(|(_, v)| v)
        .ok_or_else(|| "<remove> needs a name attribute".to_owned())
}

fn attributes(element: &BytesStart<'_>) -> Result<Vec<(String, String)>, String> {
    element
        .attributes()
        .map(|attr| {
            let attr = attr.map_err(|e| format!("bad attribute: {e}"))?;
            let key = attr.key.as_ref().to_owned();
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| format!("bad attribute value: {e}"))?
                .into_owned();
            Ok((key, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0"?>
<configuration>
  <system.webServer>
    <serverRuntime uploadReadAheadSize="1024" />
    <handlers accessPolicy="Read, Script">
      <add name="managed" path="*.aspx" verb="*" modules="ManagedPipelineHandler" />
      <add name="static" path="*.txt" verb="GET" modules="StaticFileModule" />
      <add name="hello" path="/hello/*" verb="GET,POST" modules="IsapiModule" scriptProcessor="dist/_hello.so" />
      <add name="old" path="*.foo" verb="*" modules="IsapiModule" scriptProcessor="/abs/_old.so" />
      <remove name="old" />
      <add name="ts" path="*.ts" verb="*" modules="IsapiModule" scriptProcessor="_ts.so" allowPathInfo="true" />
      <add name="exact" path="page.axd" verb="*" modules="IsapiModule" scriptProcessor="_axd.so" />
    </handlers>
  </system.webServer>
</configuration>"#;

    #[test]
    fn parses_handlers_relative_to_the_config_directory() {
        let config = Config::parse(SAMPLE, Path::new("/site")).unwrap();
        assert_eq!(config.upload_read_ahead, 1024);
        let names: Vec<&str> = config.handlers.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["static", "hello", "ts", "exact"]);
        assert_eq!(config.handlers[0].module, Module::StaticFile);
        assert_eq!(
            config.handlers[1].module,
            Module::Isapi {
                script_processor: PathBuf::from("/site/dist/_hello.so")
            }
        );
        assert_eq!(
            config.handlers[1].verbs,
            Some(vec!["GET".to_owned(), "POST".to_owned()])
        );
        assert!(config.handlers[2].allow_path_info);
    }

    #[test]
    fn a_truncated_file_is_an_error() {
        let error =
            Config::parse("<configuration><system.webServer>", Path::new("/s")).unwrap_err();
        assert!(
            error.1.contains("<system.webServer> is never closed"),
            "{error:?}"
        );
    }

    #[test]
    fn location_limits_handlers_to_a_folder() {
        let text = r#"<configuration>
          <system.webServer><handlers>
            <add name="other" path="*.txt" verb="GET" modules="StaticFileModule" />
          </handlers></system.webServer>
          <location path="hello">
            <system.webServer><handlers>
              <add name="h" path="*" verb="*" modules="IsapiModule" scriptProcessor="_h.so" />
            </handlers></system.webServer>
          </location>
        </configuration>"#;
        let config = Config::parse(text, Path::new("/site")).unwrap();
        let name = |url: &str| match config.route("GET", url) {
            Route::Handler(h) => h.name.clone(),
            _ => "-".into(),
        };
        assert_eq!(name("/hello"), "h");
        assert_eq!(name("/hello/x/y"), "h");
        assert_eq!(name("/hello/a.txt"), "h", "the folder's entries come first");
        assert_eq!(name("/helloworld"), "-");
        assert_eq!(name("/a.txt"), "other");
        let Route::Handler(handler) = config.route("GET", "/hello/x") else {
            panic!()
        };
        assert_eq!(handler.script_len("/hello/x"), "/hello".len());
    }

    #[test]
    fn routes_by_prefix_extension_and_file_name() {
        let config = Config::parse(SAMPLE, Path::new("/site")).unwrap();
        let name = |method, path| match config.route(method, path) {
            Route::Handler(h) => h.name.clone(),
            Route::MethodNotAllowed => "405".into(),
            Route::NotFound => "404".into(),
        };
        assert_eq!(name("GET", "/hello/x"), "hello");
        assert_eq!(name("GET", "/hello"), "hello");
        assert_eq!(
            name("GET", "/Hello/x"),
            "hello",
            "IIS matches paths ignoring case"
        );
        assert_eq!(name("GET", "/helloworld"), "404");
        assert_eq!(name("DELETE", "/hello/x"), "405");
        assert_eq!(name("GET", "/a/b/page.TS"), "ts");
        assert_eq!(name("GET", "/x/page.axd"), "exact");
        assert_eq!(name("GET", "/x.foo"), "404");
        assert_eq!(name("GET", "/a/b.txt"), "static");
        assert_eq!(
            name("GET", "/a/b.aspx"),
            "404",
            "only ISAPI and static files are served"
        );
        assert_eq!(name("GET", "/.ts"), "404");
    }

    #[test]
    fn routing_can_skip_the_current_handler() {
        let text = r#"<configuration><system.webServer><handlers>
            <add name="wild" path="*" verb="*" modules="IsapiModule" scriptProcessor="_w.so"/>
            <add name="files" path="*" verb="GET" modules="StaticFileModule"/>
        </handlers></system.webServer></configuration>"#;
        let config = Config::parse(text, Path::new("/")).unwrap();
        let Route::Handler(first) = config.route("GET", "/x.htm") else {
            panic!()
        };
        assert_eq!(first.name, "wild");
        let Route::Handler(next) = config.route_after("GET", "/x.htm", Some("wild")) else {
            panic!()
        };
        assert_eq!(next.name, "files");
        assert!(matches!(
            config.route_after("POST", "/x.htm", Some("wild")),
            Route::MethodNotAllowed
        ));
    }

    #[test]
    fn libraries_are_one_spelling_of_their_path() {
        let text = r#"<configuration><system.webServer><handlers>
            <add name="a" path="*.a" verb="*" modules="IsapiModule" scriptProcessor=" ./dist//_a.so "/>
        </handlers><isapiFilters><filter name="f" path="dist/./_f.so"/></isapiFilters>
        </system.webServer></configuration>"#;
        let config = Config::parse(text, Path::new("/site")).unwrap();
        let Module::Isapi { script_processor } = &config.handlers[0].module else {
            panic!("an ISAPI handler");
        };
        assert_eq!(script_processor, Path::new("/site/dist/_a.so"));
        assert_eq!(script_processor.to_str(), Some("/site/dist/_a.so"));
        assert_eq!(config.filters[0].path.to_str(), Some("/site/dist/_f.so"));
    }

    #[test]
    fn isapi_filters_are_read_in_order() {
        // A filter built for the other bitness is skipped, as IIS skips it.
        let (ours, other) = if usize::BITS == 64 {
            ("bitness64", "bitness32")
        } else {
            ("bitness32", "bitness64")
        };
        let text = format!(
            r#"<configuration><system.webServer><isapiFilters>
            <filter name="a" path="_a.so" preCondition="integratedMode,{ours}"/>
            <filter name="other-bitness" path="_x.so" preCondition="{other}"/>
            <filter name="b" path="/abs/_b.so" enabled="false"/>
            <filter name="c" path="_c.so"/>
            <remove name="c"/>
        </isapiFilters></system.webServer></configuration>"#
        );
        let config = Config::parse(&text, Path::new("/site")).unwrap();
        assert_eq!(
            config.filters,
            vec![
                FilterEntry {
                    name: "a".into(),
                    path: PathBuf::from("/site/_a.so"),
                    enabled: true
                },
                FilterEntry {
                    name: "b".into(),
                    path: PathBuf::from("/abs/_b.so"),
                    enabled: false
                },
            ]
        );
    }

    #[test]
    fn clear_drops_earlier_entries() {
        let text = r#"<configuration><system.webServer><handlers>
            <add name="a" path="*" verb="*" modules="IsapiModule" scriptProcessor="_a.so"/>
            <clear/>
            <add name="b" path="*" verb="*" modules="IsapiModule" scriptProcessor="_b.so"/>
        </handlers></system.webServer></configuration>"#;
        let config = Config::parse(text, Path::new("/")).unwrap();
        assert_eq!(config.handlers.len(), 1);
        assert_eq!(config.handlers[0].name, "b");
    }

    #[test]
    fn errors_name_the_line() {
        let text = "<configuration>\n<system.webServer>\n<handlers>\n<add name=\"x\" path=\"*\" verb=\"*\" modules=\"IsapiModule\"/>\n</handlers></system.webServer></configuration>";
        let (line, message) = Config::parse(text, Path::new("/")).unwrap_err();
        assert_eq!(line, 4, "{message}");
        assert!(message.contains("scriptProcessor"), "{message}");
        let (_, message) =
            Config::parse("<configuration><a></b></configuration>", Path::new("/")).unwrap_err();
        assert!(message.contains("malformed XML"), "{message}");
    }

    #[test]
    fn request_filtering_lists_are_read() {
        let text = r#"<configuration><system.webServer><security><requestFiltering>
            <fileExtensions allowUnlisted="true">
              <add fileExtension=".bak" allowed="false"/>
            </fileExtensions>
            <hiddenSegments>
              <remove segment="bin"/>
              <add segment="secret"/>
            </hiddenSegments>
        </requestFiltering></security></system.webServer></configuration>"#;
        let config = Config::parse(text, Path::new("/")).unwrap();
        let filtering = &config.request_filtering.site;
        assert_eq!(filtering.file_extensions, vec![(".bak".to_owned(), false)]);
        assert!(filtering.hidden_segments.iter().any(|s| s == "secret"));
        assert!(!filtering.hidden_segments.iter().any(|s| s == "bin"));
        assert!(filtering.hidden_segments.iter().any(|s| s == "App_Data"));
        let bad = r#"<configuration><system.webServer><security><requestFiltering>
            <fileExtensions><add fileExtension=".x" allowed="maybe"/></fileExtensions>
        </requestFiltering></security></system.webServer></configuration>"#;
        let (_, message) = Config::parse(bad, Path::new("/")).unwrap_err();
        assert!(message.contains("allowed"), "{message}");
    }

    #[test]
    fn request_filtering_lists_apply_per_location() {
        let text = r#"<configuration>
          <location path="files">
            <system.webServer><security><requestFiltering>
              <hiddenSegments><remove segment="bin"/><add segment="drafts"/></hiddenSegments>
              <fileExtensions><add fileExtension=".log" allowed="false"/></fileExtensions>
            </requestFiltering></security></system.webServer>
          </location>
          <location path="files/deep">
            <system.webServer><security><requestFiltering>
              <hiddenSegments><remove segment="drafts"/></hiddenSegments>
            </requestFiltering></security></system.webServer>
          </location>
          <system.webServer><security><requestFiltering>
            <hiddenSegments><add segment="secret"/></hiddenSegments>
          </requestFiltering></security></system.webServer>
        </configuration>"#;
        let config = Config::parse(text, Path::new("/")).unwrap();
        let filtering = &config.request_filtering;
        // The site: IIS's defaults and its own entry; the folder's entries stay there.
        assert_eq!(filtering.check("/bin/x"), Err(Refusal::HiddenSegment));
        assert_eq!(filtering.check("/secret/x"), Err(Refusal::HiddenSegment));
        assert_eq!(filtering.check("/drafts/x"), Ok(()));
        assert_eq!(filtering.check("/a.log"), Ok(()));
        assert_eq!(filtering.check("/filesx/drafts/a"), Ok(()));
        // The folder: what it inherits (the site's entry, though it comes later) and its own.
        assert_eq!(filtering.check("/files/bin/x"), Ok(()));
        assert_eq!(
            filtering.check("/files/drafts/x"),
            Err(Refusal::HiddenSegment)
        );
        assert_eq!(filtering.check("/files/a.log"), Err(Refusal::FileExtension));
        assert_eq!(
            filtering.check("/files/secret/x"),
            Err(Refusal::HiddenSegment)
        );
        // A deeper folder inherits the folder's and edits them again.
        assert_eq!(filtering.check("/files/deep/drafts/x"), Ok(()));
        assert_eq!(
            filtering.check("/files/deep/a.log"),
            Err(Refusal::FileExtension)
        );
        let bad = r#"<configuration><location path="x"><system.webServer><security>
            <requestFiltering><fileExtensions><add allowed="false"/></fileExtensions>
            </requestFiltering></security></system.webServer></location></configuration>"#;
        assert!(Config::parse(bad, Path::new("/")).is_err());
    }
}
