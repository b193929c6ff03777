//! Stack traces in the handler's own source: `hello.js:40:7` in an error becomes
//! `/path/to/hello.ts:12:5`, through the source map `isapi build` writes beside the bundle
//! (`hello.js.map`). Without a map, traces keep the bundle's positions.
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};

use sourcemap::SourceMap;

/// Maps by module name (the bundle's file name, as QuickJS names it in traces). One
/// library copy loads one bundle, so names do not collide.
static MAPS: LazyLock<Mutex<HashMap<String, Arc<Loaded>>>> = LazyLock::new(Default::default);

struct Loaded {
    map: SourceMap,
    /// The directory the map's `sources` are relative to.
    base: PathBuf,
}

/// Reads `<bundle>.map`, if there is one, for the bundle's traces. Called whenever the
/// bundle is (re)loaded.
pub fn load_for(bundle: &Path) {
    let Some(name) = bundle.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let mut path = bundle.as_os_str().to_owned();
    path.push(".map");
    let loaded = match std::fs::read(&path) {
        Ok(bytes) => match SourceMap::from_slice(&bytes) {
            Ok(map) => Some(Arc::new(Loaded {
                map,
                base: bundle.parent().map(Path::to_path_buf).unwrap_or_default(),
            })),
            Err(error) => {
                tracing::warn!(
                    "ignoring source map {}: {error}",
                    Path::new(&path).display()
                );
                None
            }
        },
        Err(_) => None,
    };
    let mut maps = MAPS.lock().unwrap_or_else(|e| e.into_inner());
    match loaded {
        Some(loaded) => maps.insert(name, loaded),
        None => maps.remove(&name),
    };
}

/// Rewrites every `name:line:column` of a mapped bundle in `text` to the original source.
pub fn rewrite(text: &str) -> String {
    let maps: Vec<(String, Arc<Loaded>)> = {
        let maps = MAPS.lock().unwrap_or_else(|e| e.into_inner());
        if maps.is_empty() {
            return text.to_owned();
        }
        maps.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    };
    let mut out = text.to_owned();
    for (name, loaded) in maps {
        out = rewrite_one(&out, &name, &loaded);
    }
    out
}

fn rewrite_one(text: &str, name: &str, loaded: &Loaded) -> String {
    let needle = format!("{name}:");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let after = &from[needle.len()..];
        match position(after) {
            Some((line, column, used)) => {
                match original(loaded, line, column) {
                    Some(mapped) => out.push_str(&mapped),
                    None => out.push_str(&from[..needle.len() + used]),
                }
                rest = &after[used..];
            }
            None => {
                out.push_str(&needle);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `12:5…` → (12, 5, characters used).
fn position(text: &str) -> Option<(u32, u32, usize)> {
    let line_len = text.chars().take_while(char::is_ascii_digit).count();
    let line = text[..line_len].parse().ok()?;
    let rest = text[line_len..].strip_prefix(':')?;
    let column_len = rest.chars().take_while(char::is_ascii_digit).count();
    let column = rest[..column_len].parse().ok()?;
    Some((line, column, line_len + 1 + column_len))
}

/// QuickJS counts lines and columns from 1; source maps from 0.
fn original(loaded: &Loaded, line: u32, column: u32) -> Option<String> {
    let token = loaded
        .map
        .lookup_token(line.checked_sub(1)?, column.saturating_sub(1))?;
    let source = normalize(&loaded.base.join(token.get_source()?));
    Some(format!(
        "{}:{}:{}",
        source.display(),
        token.get_src_line() + 1,
        token.get_src_col() + 1
    ))
}

/// `a/dist/../b.ts` → `a/b.ts`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_read_from_the_text_after_the_name() {
        assert_eq!(position("12:5)"), Some((12, 5, 4)));
        assert_eq!(position("12)"), None);
        assert_eq!(position(":5"), None);
    }

    #[test]
    fn paths_are_normalized_lexically() {
        assert_eq!(
            normalize(Path::new("/s/dist/../hello.ts")),
            PathBuf::from("/s/hello.ts")
        );
    }
}
