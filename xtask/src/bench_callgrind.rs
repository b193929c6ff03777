//! Reading a callgrind output file: the total instructions executed (Ir) and how many
//! times the process called the C allocator (every library's allocations end there: the
//! host's Rust code, each ISAPI library's own Rust runtime, QuickJS).

/// What one callgrind run counted, for the whole process.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub instructions: u64,
    pub allocations: u64,
}

/// The C allocator's entry points that hand out a new block.
const ALLOCATORS: &[&str] = &[
    "malloc",
    "calloc",
    "realloc",
    "posix_memalign",
    "aligned_alloc",
    "memalign",
];

/// Parses the text of a `callgrind.out` file (with callgrind's name compression: a
/// function's name is given once as `fn=(id) name`, later as `fn=(id)`).
pub fn parse(text: &str) -> Result<Counts, String> {
    let mut names: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    let mut counts = Counts::default();
    let mut total = None;
    let mut callee_is_allocator = false;
    for line in text.lines() {
        if let Some(rest) = line
            .strip_prefix("cfn=")
            .or_else(|| line.strip_prefix("fn="))
        {
            let name = compressed_name(rest, &mut names);
            if line.starts_with("cfn=") {
                callee_is_allocator = ALLOCATORS.contains(&name);
            }
        } else if let Some(rest) = line.strip_prefix("calls=") {
            if callee_is_allocator {
                let calls = rest.split_whitespace().next().unwrap_or("0");
                counts.allocations += calls.parse::<u64>().unwrap_or(0);
            }
            callee_is_allocator = false;
        } else if let Some(rest) = line
            .strip_prefix("summary:")
            .or_else(|| line.strip_prefix("totals:"))
        {
            let ir = rest.split_whitespace().next().unwrap_or("");
            total = ir.parse::<u64>().ok().or(total);
        }
    }
    counts.instructions = total.ok_or("no `summary:` or `totals:` line in the callgrind file")?;
    Ok(counts)
}

/// `(12) malloc` defines id 12; `(12)` refers to it; a bare name is used as is.
fn compressed_name<'a>(
    text: &'a str,
    names: &mut std::collections::HashMap<&'a str, &'a str>,
) -> &'a str {
    let text = text.trim();
    let Some(rest) = text.strip_prefix('(') else {
        return text;
    };
    let Some(close) = rest.find(')') else {
        return text;
    };
    let (id, name) = (&rest[..close], rest[close + 1..].trim());
    if name.is_empty() {
        names.get(id).copied().unwrap_or("")
    } else {
        names.insert(id, name);
        name
    }
}

/// Per-request counts from two runs that differ only in how many requests they sent:
/// what both share (start-up, warm-up, shutdown) cancels out.
pub fn per_request(fewer: (u64, Counts), more: (u64, Counts)) -> Option<(f64, f64)> {
    let (n1, c1) = fewer;
    let (n2, c2) = more;
    if n2 <= n1 {
        return None;
    }
    let requests = (n2 - n1) as f64;
    Some((
        c2.instructions.saturating_sub(c1.instructions) as f64 / requests,
        c2.allocations.saturating_sub(c1.allocations) as f64 / requests,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "version: 1
creator: callgrind-3.19.0
events: Ir
fl=(1) host.rs
fn=(1) main
3 10
cfn=(2) malloc
calls=5 0
3 50
cfn=(3) free
calls=5 0
3 20
fn=(4) engine
cfn=(2)
calls=7 0
4 70
cfn=(5) calloc
calls=1 0
4 9
cfn=(6) malloc_consolidate
calls=100 0
4 9
summary: 123456
totals: 123456
";

    #[test]
    fn instructions_and_allocator_calls_are_counted() {
        assert_eq!(
            parse(FILE).unwrap(),
            Counts {
                instructions: 123_456,
                allocations: 13
            }
        );
    }

    #[test]
    fn a_file_without_totals_is_refused() {
        assert!(parse("events: Ir\nfn=(1) main\n").is_err());
    }

    #[test]
    fn the_difference_of_two_runs_is_per_request() {
        let fewer = Counts {
            instructions: 1_000_000,
            allocations: 500,
        };
        let more = Counts {
            instructions: 6_000_000,
            allocations: 2_500,
        };
        assert_eq!(per_request((100, fewer), (1100, more)), Some((5000.0, 2.0)));
        assert_eq!(per_request((100, fewer), (100, more)), None);
    }
}
