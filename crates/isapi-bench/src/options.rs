//! `--name value` options of the subcommands.

/// Options as `(name, value)` pairs; everything after `--` is returned apart.
pub struct Options {
    pairs: Vec<(String, String)>,
    pub rest: Vec<String>,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut pairs = Vec::new();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            if arg == "--" {
                return Ok(Options {
                    pairs,
                    rest: iter.cloned().collect(),
                });
            }
            let name = arg
                .strip_prefix("--")
                .ok_or_else(|| format!("unexpected argument {arg:?}"))?;
            let value = iter
                .next()
                .ok_or_else(|| format!("--{name} needs a value"))?;
            pairs.push((name.to_owned(), value.clone()));
        }
        Ok(Options {
            pairs,
            rest: Vec::new(),
        })
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn required(&self, name: &str) -> Result<&str, String> {
        self.text(name)
            .ok_or_else(|| format!("--{name} is required"))
    }

    pub fn number(&self, name: &str, default: u64) -> Result<u64, String> {
        match self.text(name) {
            None => Ok(default),
            Some(text) => text
                .parse()
                .map_err(|_| format!("--{name} wants a number, not {text:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn pairs_and_the_rest_after_dashes() {
        let options =
            Options::parse(&args(&["--url", "http://x", "--", "host", "--config"])).unwrap();
        assert_eq!(options.text("url"), Some("http://x"));
        assert_eq!(options.rest, ["host", "--config"]);
        assert_eq!(options.number("count", 7), Ok(7));
    }

    #[test]
    fn mistakes_are_named() {
        assert!(Options::parse(&args(&["--url"])).is_err());
        assert!(Options::parse(&args(&["url"])).is_err());
        let options = Options::parse(&args(&["--count", "x"])).unwrap();
        assert!(options.number("count", 1).unwrap_err().contains("count"));
        assert!(options.required("bundle").is_err());
    }
}
