//! IIS request filtering's deny lists (`<security><requestFiltering>`): `hiddenSegments`
//! (404.8) and `fileExtensions` (404.7), checked on the canonical URL before any handler
//! is chosen, as IIS's RequestFilteringModule runs before handler mapping.
use crate::refusal::Refusal;

/// IIS's default `hiddenSegments` (applicationHost.config).
const DEFAULT_HIDDEN_SEGMENTS: &[&str] = &[
    "web.config",
    "bin",
    "App_code",
    "App_GlobalResources",
    "App_LocalResources",
    "App_WebReferences",
    "App_Data",
    "App_Browsers",
];

/// The deny lists of the site's `<requestFiltering>`.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestFiltering {
    /// URL segments never served, matched whole and ignoring case.
    pub hidden_segments: Vec<String>,
    /// `<fileExtensions>` entries: extension (with its dot, lowercase) and whether allowed.
    pub file_extensions: Vec<(String, bool)>,
    /// `<fileExtensions allowUnlisted>`: whether extensions not listed are allowed.
    pub allow_unlisted: bool,
}

impl Default for RequestFiltering {
    fn default() -> Self {
        RequestFiltering {
            hidden_segments: DEFAULT_HIDDEN_SEGMENTS
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            file_extensions: Vec::new(),
            allow_unlisted: true,
        }
    }
}

impl RequestFiltering {
    /// Whether `canonical` (a [`crate::canonical::canonicalize`]d path) may be served.
    pub fn check(&self, canonical: &str) -> Result<(), Refusal> {
        let segments = canonical.split('/').filter(|s| !s.is_empty());
        for segment in segments.clone() {
            if self
                .hidden_segments
                .iter()
                .any(|hidden| hidden.eq_ignore_ascii_case(segment))
            {
                return Err(Refusal::HiddenSegment);
            }
        }
        let last = canonical.rsplit('/').next().unwrap_or("");
        let extension = last.rfind('.').map(|at| &last[at..]);
        let listed = extension.and_then(|extension| {
            self.file_extensions
                .iter()
                .rev()
                .find(|(listed, _)| listed.eq_ignore_ascii_case(extension))
        });
        match listed {
            Some((_, allowed)) if !allowed => Err(Refusal::FileExtension),
            None if !self.allow_unlisted => Err(Refusal::FileExtension),
            _ => Ok(()),
        }
    }

    /// One element inside `<requestFiltering>` (`parent` is the element's parent, the
    /// list's name): `<add>`, `<remove>`, `<clear/>`, and the lists' own attributes.
    pub(crate) fn element(
        &mut self,
        parent: &str,
        name: &str,
        attributes: &[(String, String)],
    ) -> Result<(), String> {
        let get = |key: &str| {
            attributes
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.trim().to_owned())
        };
        match (parent, name) {
            ("requestFiltering", "fileExtensions") => {
                if let Some(value) = get("allowUnlisted") {
                    self.allow_unlisted = parse_bool(&value, "allowUnlisted")?;
                }
            }
            ("hiddenSegments", "add") => {
                let segment = get("segment").ok_or("<hiddenSegments><add> needs a segment")?;
                self.hidden_segments
                    .retain(|s| !s.eq_ignore_ascii_case(&segment));
                self.hidden_segments.push(segment);
            }
            ("hiddenSegments", "remove") => {
                let segment = get("segment").ok_or("<hiddenSegments><remove> needs a segment")?;
                self.hidden_segments
                    .retain(|s| !s.eq_ignore_ascii_case(&segment));
            }
            ("hiddenSegments", "clear") => self.hidden_segments.clear(),
            ("fileExtensions", "add") => {
                let extension = extension_attribute(get("fileExtension"))?;
                let allowed = match get("allowed") {
                    Some(value) => parse_bool(&value, "allowed")?,
                    None => true,
                };
                self.file_extensions.retain(|(e, _)| *e != extension);
                self.file_extensions.push((extension, allowed));
            }
            ("fileExtensions", "remove") => {
                let extension = extension_attribute(get("fileExtension"))?;
                self.file_extensions.retain(|(e, _)| *e != extension);
            }
            ("fileExtensions", "clear") => self.file_extensions.clear(),
            _ => {}
        }
        Ok(())
    }
}

/// `fileExtension=".x"` (the dot is optional here), lowercased.
fn extension_attribute(value: Option<String>) -> Result<String, String> {
    let value = value.ok_or("<fileExtensions> entries need a fileExtension")?;
    let value = value.to_ascii_lowercase();
    if value.is_empty() || value == "." {
        return Err("fileExtension is empty".to_owned());
    }
    Ok(if value.starts_with('.') {
        value
    } else {
        format!(".{value}")
    })
}

fn parse_bool(value: &str, name: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("{name}={value:?} is neither true nor false")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_hidden_segments_match_whole_segments_ignoring_case() {
        let filtering = RequestFiltering::default();
        for url in [
            "/web.config",
            "/WEB.CONFIG",
            "/a/Web.Config",
            "/bin/x.dll",
            "/BIN/",
            "/app_data/db.mdf",
            "/x/App_Code/y.cs",
        ] {
            assert_eq!(filtering.check(url), Err(Refusal::HiddenSegment), "{url}");
        }
        for url in [
            "/",
            "/binary/x",
            "/a/web.config.txt",
            "/mybin",
            "/App_Data2/x",
        ] {
            assert_eq!(filtering.check(url), Ok(()), "{url}");
        }
    }

    #[test]
    fn extensions_and_segments_from_the_config() {
        let mut filtering = RequestFiltering::default();
        let attrs = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        filtering
            .element(
                "fileExtensions",
                "add",
                &attrs(&[("fileExtension", ".Bak"), ("allowed", "false")]),
            )
            .unwrap();
        filtering
            .element("hiddenSegments", "add", &attrs(&[("segment", "secret")]))
            .unwrap();
        filtering
            .element("hiddenSegments", "remove", &attrs(&[("segment", "BIN")]))
            .unwrap();
        assert_eq!(filtering.check("/x/a.bak"), Err(Refusal::FileExtension));
        assert_eq!(filtering.check("/x/a.BAK"), Err(Refusal::FileExtension));
        assert_eq!(filtering.check("/x/a.bak.txt"), Ok(()));
        assert_eq!(filtering.check("/Secret/a"), Err(Refusal::HiddenSegment));
        assert_eq!(filtering.check("/bin/a"), Ok(()));
        filtering
            .element(
                "requestFiltering",
                "fileExtensions",
                &attrs(&[("allowUnlisted", "false")]),
            )
            .unwrap();
        filtering
            .element(
                "fileExtensions",
                "add",
                &attrs(&[("fileExtension", ".txt"), ("allowed", "true")]),
            )
            .unwrap();
        assert_eq!(filtering.check("/a.txt"), Ok(()));
        assert_eq!(filtering.check("/a.htm"), Err(Refusal::FileExtension));
        assert_eq!(filtering.check("/noextension"), Err(Refusal::FileExtension));
        filtering.element("hiddenSegments", "clear", &[]).unwrap();
        assert_eq!(filtering.check("/web.config.txt"), Ok(()));
        assert!(filtering
            .element("fileExtensions", "add", &attrs(&[("allowed", "false")]))
            .is_err());
    }
}
