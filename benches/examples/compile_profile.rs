//! Parses and compiles the workload's filters once each, for callgrind.
use scimkit::{Filter, Schemas};
use scimkit_benches::{SEED, filters};

fn main() {
    let schemas = Schemas::rfc7643();
    let corpus = filters(SEED, 2000);
    let parse_only = std::env::args().nth(1).is_some();
    let mut ok = 0;
    for (_, f) in &corpus {
        let parsed = Filter::parse(f).unwrap();
        if parse_only || parsed.compile(&schemas, "User").is_ok() {
            ok += 1;
        }
    }
    println!("{ok}");
}
