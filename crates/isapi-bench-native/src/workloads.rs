//! What the benchmark handlers compute, byte for byte the same as `bench/bench.ts`, so
//! that every configuration sends the same answers.
use serde::Serialize;

/// The 13-byte `/hello` body (nginx serves the same bytes from a file).
pub const HELLO: &str = "Hello, world!";

/// Rounds of the `/cpu` loop: about 1 ms in QuickJS on the benchmark machine.
pub const CPU_ROUNDS: u32 = 12_000;

/// Items in the `/json` document when the query does not say (`n=20`: about 1 KB).
const DEFAULT_ITEMS: usize = 20;
const MAX_ITEMS: usize = 1000;

#[derive(Serialize)]
struct Document {
    n: usize,
    items: Vec<Item>,
}

#[derive(Serialize)]
struct Item {
    id: usize,
    name: String,
    even: bool,
    square: usize,
}

/// `n` from a query string like `n=20` (default 20, at most 1000).
pub fn items_wanted(query: &str) -> usize {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("n="))
        .and_then(|value| value.parse::<usize>().ok())
        .map_or(DEFAULT_ITEMS, |n| n.min(MAX_ITEMS))
}

/// The `/json` body: `{"n":..,"items":[{"id":0,"name":"item 0","even":true,"square":0},..]}`.
pub fn json_document(n: usize) -> String {
    let document = Document {
        n,
        items: (0..n)
            .map(|id| Item {
                id,
                name: format!("item {id}"),
                even: id % 2 == 0,
                square: id * id,
            })
            .collect(),
    };
    serde_json::to_string(&document).expect("plain data always serialises")
}

/// The `/cpu` body: a xorshift32 run of `rounds` steps, as `cpu <state>\n`.
pub fn cpu_answer(rounds: u32) -> String {
    let mut x: u32 = 2_463_534_242;
    for _ in 0..rounds {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
    }
    format!("cpu {x}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hello_is_thirteen_bytes() {
        assert_eq!(HELLO.len(), 13);
    }

    #[test]
    fn the_query_picks_the_item_count() {
        assert_eq!(items_wanted("n=3"), 3);
        assert_eq!(items_wanted("x=1&n=5"), 5);
        assert_eq!(items_wanted(""), 20);
        assert_eq!(items_wanted("n=abc"), 20);
        assert_eq!(items_wanted("n=99999"), 1000);
    }

    #[test]
    fn the_json_document_matches_what_the_ts_handler_builds() {
        assert_eq!(
            json_document(2),
            r#"{"n":2,"items":[{"id":0,"name":"item 0","even":true,"square":0},{"id":1,"name":"item 1","even":false,"square":1}]}"#
        );
        let twenty = json_document(20).len();
        assert!((900..1300).contains(&twenty), "{twenty} bytes");
    }

    #[test]
    fn the_cpu_loop_is_xorshift32() {
        // Marsaglia's xorshift32 from 2463534242: the first output is 723471715.
        assert_eq!(cpu_answer(1), "cpu 723471715\n");
    }
}
