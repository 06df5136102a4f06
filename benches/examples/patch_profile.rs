//! Applies the workload's PATCH requests once each: a target for `valgrind --tool=callgrind`.
//!
//! `cargo run --release -p scimkit-benches --example patch_profile [PASSES]`

use scimkit::{PatchOptions, PatchRequest, Schemas};
use scimkit_benches::{SEED, patches, users};

fn main() {
    let passes: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let schemas = Schemas::rfc7643();
    let all = users(SEED, 2000);
    let requests = patches(SEED, &all, 1000);
    let options = PatchOptions::default();
    let mut changed = 0;
    for _ in 0..passes {
        let mut copies: Vec<_> = requests.iter().map(|(i, _)| all[*i].clone()).collect();
        let t = std::time::Instant::now();
        for ((_, r), u) in requests.iter().zip(copies.iter_mut()) {
            let p = PatchRequest::from_json(r).unwrap();
            changed += usize::from(p.apply(u, &schemas, "User", &options).unwrap().changed);
        }
        eprintln!(
            "{:.0} ns per patch",
            t.elapsed().as_secs_f64() * 1e9 / requests.len() as f64
        );
    }
    println!("{changed} changed");
}
