//! The options of the commands whose every option takes a value (`fuzz`, `fuzz --socket`,
//! `soak`): `--name value` and `--name=value`, in order.

/// Each option with its value; an option at the end without one is an error.
pub fn pairs(options: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    let mut options = options.iter();
    while let Some(option) = options.next() {
        let pair = match option.split_once('=') {
            Some((name, value)) => (name.to_string(), value.to_string()),
            None => {
                let value = options
                    .next()
                    .ok_or_else(|| format!("`{option}` needs a value"))?;
                (option.clone(), value.clone())
            }
        };
        pairs.push(pair);
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
        let pairs = pairs(&args).unwrap();
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(pairs, [("--a", "1"), ("--b", "2"), ("--a", "x=y")]);
        assert!(super::pairs(&["--a".to_string()]).is_err());
    }
}
