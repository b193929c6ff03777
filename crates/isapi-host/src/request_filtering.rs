//! IIS request filtering's deny lists (`<security><requestFiltering>`): `hiddenSegments`
//! (404.8) and `fileExtensions` (404.7), checked on the canonical URL before any handler
//! is chosen, as IIS's RequestFilteringModule runs before handler mapping. A
//! `<location path="…">` may edit them for the URLs under its folder, as IIS allows.
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

/// The site's lists and, for each `<location>` folder that edits them, its own: what it
/// inherits (the site's, then shallower folders') with its edits applied.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LocationFiltering {
    /// The site's lists (outside any `<location>`, or `<location path=".">`).
    pub site: RequestFiltering,
    /// Edits inside a `<location>`, in document order, until [`LocationFiltering::resolve`].
    edits: Vec<ScopedEdit>,
    /// Each folder's lists, deepest folder first.
    folders: Vec<(String, RequestFiltering)>,
}

#[derive(Debug, Clone, PartialEq)]
struct ScopedEdit {
    folder: String,
    list: String,
    name: String,
    attributes: Vec<(String, String)>,
}

impl LocationFiltering {
    /// The lists that apply to `canonical`: those of the deepest `<location>` folder that
    /// holds it, else the site's.
    pub fn for_path(&self, canonical: &str) -> &RequestFiltering {
        self.folders
            .iter()
            .find(|(folder, _)| crate::canonical::inside(canonical, folder))
            .map_or(&self.site, |(_, lists)| lists)
    }

    /// Whether `canonical` may be served ([`RequestFiltering::check`] with its lists).
    pub fn check(&self, canonical: &str) -> Result<(), Refusal> {
        self.for_path(canonical).check(canonical)
    }

    /// One element of a `<requestFiltering>` list (see [`RequestFiltering::element`]),
    /// inside the `<location>` folder `scope` if any.
    pub(crate) fn element(
        &mut self,
        scope: Option<&str>,
        list: &str,
        name: &str,
        attributes: Vec<(String, String)>,
    ) -> Result<(), String> {
        let Some(folder) = scope else {
            return self.site.element(list, name, &attributes);
        };
        // Checked now, so a bad entry is reported at its line.
        RequestFiltering::default().element(list, name, &attributes)?;
        self.edits.push(ScopedEdit {
            folder: folder.to_owned(),
            list: list.to_owned(),
            name: name.to_owned(),
            attributes,
        });
        Ok(())
    }

    /// Builds each folder's lists once the whole file is read (site entries may follow a
    /// `<location>`): the site's, then the edits of every folder that holds it, shallower
    /// first, document order within each.
    pub(crate) fn resolve(&mut self) {
        let mut folders: Vec<&str> = self.edits.iter().map(|e| e.folder.as_str()).collect();
        folders.sort_by_key(|folder| std::cmp::Reverse(folder.len()));
        folders.dedup();
        let mut resolved = Vec::with_capacity(folders.len());
        for folder in folders {
            let mut lists = self.site.clone();
            let mut applicable: Vec<&ScopedEdit> = self
                .edits
                .iter()
                .filter(|edit| crate::canonical::inside(folder, &edit.folder))
                .collect();
            applicable.sort_by_key(|edit| edit.folder.len());
            for edit in applicable {
                // Each was checked when read.
                let _ = lists.element(&edit.list, &edit.name, &edit.attributes);
            }
            resolved.push((folder.to_owned(), lists));
        }
        self.folders = resolved;
    }
}

impl RequestFiltering {
    /// Whether `canonical` (a [`crate::canonical::canonicalize`]d path) may be served.
    /// Segments are compared as Windows names a file
    /// ([`crate::canonical::alias_normalised`]): `App_Data.`, `app_data::$DATA` and
    /// `a.bak.` are `App_Data` and `a.bak` here, whatever handler the URL goes to.
    pub fn check(&self, canonical: &str) -> Result<(), Refusal> {
        let segments = canonical
            .split('/')
            .filter(|s| !s.is_empty())
            .map(crate::canonical::alias_normalised);
        for segment in segments {
            if self
                .hidden_segments
                .iter()
                .any(|hidden| hidden.eq_ignore_ascii_case(segment))
            {
                return Err(Refusal::HiddenSegment);
            }
        }
        let last = crate::canonical::alias_normalised(canonical.rsplit('/').next().unwrap_or(""));
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
            "/App_Data./x",
            "/app_data::$DATA/x",
            "/hello/App_Data /x",
            "/web.config. . ",
            "/bin:x/y",
        ] {
            assert_eq!(filtering.check(url), Err(Refusal::HiddenSegment), "{url}");
        }
        for url in [
            "/",
            "/binary/x",
            "/a/web.config.txt",
            "/mybin",
            "/App_Data2/x",
            "/bin~1/x",
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
        assert_eq!(filtering.check("/x/a.bak."), Err(Refusal::FileExtension));
        assert_eq!(
            filtering.check("/x/a.bak::$DATA"),
            Err(Refusal::FileExtension)
        );
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
