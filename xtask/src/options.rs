//! The options of the commands whose every option takes a value (`fuzz`, `fuzz --socket`,
//! `soak`): `--name value` and `--name=value`, in order.

/// Each option of `command` with its value. An option not in `known`, or one at the end
/// without a value, is an error naming it.
pub fn pairs(
    command: &str,
    known: &[&str],
    options: &[String],
) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    let mut options = options.iter();
    while let Some(option) = options.next() {
        let (name, inline) = match option.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (option.as_str(), None),
        };
        if !known.contains(&name) {
            return Err(format!("`{command}` takes no option `{name}`"));
        }
        let value = inline
            .or_else(|| options.next().cloned())
            .ok_or_else(|| format!("`{name}` needs a value"))?;
        pairs.push((name.to_string(), value));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_in_order_and_a_missing_value_refused() {
        let args: Vec<String> = ["--a", "1", "--b=2", "--a=x=y"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let pairs = pairs("x", &["--a", "--b"], &args).unwrap();
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(pairs, [("--a", "1"), ("--b", "2"), ("--a", "x=y")]);
        let missing = super::pairs("x", &["--a"], &["--a".to_string()]).unwrap_err();
        assert_eq!(missing, "`--a` needs a value");
        let unknown = super::pairs("x", &["--a"], &["--c".to_string()]).unwrap_err();
        assert_eq!(unknown, "`x` takes no option `--c`");
    }
}
