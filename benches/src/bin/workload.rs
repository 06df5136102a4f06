//! Writes the benchmark workload (see the `scimkit_benches` crate documentation) into a directory.
//!
//! `workload DIR [SEED]`

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: workload DIR [SEED]");
        return ExitCode::from(2);
    };
    let seed = match args.next().map(|s| s.parse::<u64>()) {
        None => scimkit_benches::SEED,
        Some(Ok(s)) => s,
        Some(Err(e)) => {
            eprintln!("workload: bad seed: {e}");
            return ExitCode::from(2);
        }
    };
    let workload = scimkit_benches::Workload::generate(seed);
    match scimkit_benches::write(&workload, std::path::Path::new(&dir)) {
        Ok(()) => {
            eprintln!(
                "workload: {} filters ({} bytes), {} eval filters, {} users, {} patches in {dir}",
                workload.filters.len(),
                workload.filter_bytes(),
                workload.eval_filters.len(),
                workload.users.len(),
                workload.patches.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("workload: {dir}: {e}");
            ExitCode::FAILURE
        }
    }
}
