//! Per-filter evaluation cost on the workload's users: which evaluation filters are slow.
//!
//! `cargo run --release -p scimkit-benches --example eval_breakdown [REPS [FILTER_INDEX]]`
//!
//! With `REPS=1` it suits `valgrind --tool=callgrind` (instructions per match, whatever the load).

use std::time::Instant;

use scimkit::{Filter, Schemas};
use scimkit_benches::{SEED, eval_filters, users};

fn main() {
    let schemas = Schemas::rfc7643();
    let reps: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let only: Option<usize> = std::env::args().nth(2).and_then(|s| s.parse().ok());
    let all = users(SEED, 10_000);
    for (i, (kind, text)) in eval_filters(&all).into_iter().enumerate() {
        if only.is_some_and(|o| o != i) {
            continue;
        }
        let c = Filter::parse(&text)
            .unwrap()
            .compile(&schemas, "User")
            .unwrap();
        let mut best = f64::MAX;
        let mut n = 0;
        for _ in 0..reps {
            let t = Instant::now();
            n = all
                .iter()
                .filter(|u| c.matches(std::hint::black_box(*u)))
                .count();
            best = best.min(t.elapsed().as_secs_f64());
        }
        let shown: String = text.chars().take(70).collect();
        println!(
            "{:>8.0} ns  {n:>5}  {kind:<9} {shown}",
            best / all.len() as f64 * 1e9
        );
    }
}
