//! The Rust side of the peer comparison (`benches/peers/run.sh`): scimkit, the `scim-filter`
//! crate, and the ceilings (serde_json, a byte scan) on the workload files, written as result
//! records (the format `benches/peers/README.md` describes).
//!
//! `peers-rust WORKLOAD_DIR OUT.json`
//!
//! Each measurement repeats a pass over its corpus until the pass takes at least 0.3 s, takes 7
//! such samples and reports their median; every sample is in the output.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use scimkit::{CompiledFilter, Filter, PatchOptions, PatchRequest, Schemas};
use serde_json::{Value, json};

const SAMPLES: usize = 7;
const MIN_SAMPLE_SECS: f64 = 0.3;

/// Ops per second for `ops` operations done by each call of `pass`, as [`SAMPLES`] samples.
fn measure(ops: usize, mut pass: impl FnMut()) -> Vec<f64> {
    // Calibrate: how many passes make one sample long enough.
    let t = Instant::now();
    pass();
    let once = t.elapsed().as_secs_f64().max(1e-9);
    let reps = ((MIN_SAMPLE_SECS / once).ceil() as usize).max(1);
    (0..SAMPLES)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..reps {
                pass();
            }
            (ops * reps) as f64 / t.elapsed().as_secs_f64()
        })
        .collect()
}

fn median(samples: &[f64]) -> f64 {
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    s[s.len() / 2]
}

#[allow(clippy::too_many_arguments)]
fn record(
    library: &str,
    version: &str,
    op: &str,
    unit: &str,
    n: usize,
    samples: Vec<f64>,
    bytes_per_op: Option<f64>,
    rejected: Option<usize>,
    wrong: Option<usize>,
    total: usize,
    users: Option<usize>,
    note: &str,
) -> Value {
    let m = median(&samples);
    json!({
        "library": library, "version": version, "op": op, "unit": unit, "n": n,
        "samples_ops_per_s": samples, "median_ops_per_s": m,
        "median_mb_per_s": bytes_per_op.map(|b| m * b / 1e6),
        "rejected": rejected, "wrong": wrong, "total": total, "users": users, "note": note,
    })
}

fn read_lines(path: &Path) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| format!("{}: {e}", path.display())))
        .collect()
}

fn run(dir: &Path, out: &Path) -> Result<(), String> {
    let filters: Vec<String> = read_lines(&dir.join("filters.jsonl"))?
        .iter()
        .filter_map(|v| v["filter"].as_str().map(str::to_owned))
        .collect();
    let evals: Vec<String> = read_lines(&dir.join("eval_filters.jsonl"))?
        .iter()
        .filter_map(|v| v["filter"].as_str().map(str::to_owned))
        .collect();
    let users_text = std::fs::read(dir.join("users.json")).map_err(|e| e.to_string())?;
    let users: Vec<Value> = serde_json::from_slice(&users_text).map_err(|e| e.to_string())?;
    let patches: Vec<(usize, Value)> = read_lines(&dir.join("patches.jsonl"))?
        .into_iter()
        .map(|v| {
            (
                v["resource"].as_u64().unwrap_or(0) as usize,
                v["request"].clone(),
            )
        })
        .collect();
    let filter_bytes: usize = filters.iter().map(String::len).sum();
    let bytes_per_filter = filter_bytes as f64 / filters.len().max(1) as f64;
    let schemas = Schemas::rfc7643();
    let mut records = Vec::new();
    let us = env!("CARGO_PKG_VERSION");

    // --- parse -------------------------------------------------------------------------------
    let rejected = filters.iter().filter(|f| Filter::parse(f).is_err()).count();
    let samples = measure(filters.len(), || {
        for f in &filters {
            std::hint::black_box(Filter::parse(std::hint::black_box(f)).ok());
        }
    });
    records.push(record(
        "scimkit (Rust)",
        us,
        "parse",
        "filters",
        filters.len(),
        samples,
        Some(bytes_per_filter),
        Some(rejected),
        None,
        filters.len(),
        None,
        "Filter::parse, default options",
    ));
    let peer_parse =
        |f: &str| matches!(scim_filter::parser::filter(f), Ok((rest, _)) if rest.is_empty());
    let rejected = filters.iter().filter(|f| !peer_parse(f)).count();
    let samples = measure(filters.len(), || {
        for f in &filters {
            std::hint::black_box(peer_parse(std::hint::black_box(f)));
        }
    });
    records.push(record(
        "scim-filter crate (Rust)",
        "0.2.3",
        "parse",
        "filters",
        filters.len(),
        samples,
        Some(bytes_per_filter),
        Some(rejected),
        None,
        filters.len(),
        None,
        "scim_filter::parser::filter (nom); rejected = error or unparsed remainder",
    ));
    let samples = measure(filters.len(), || {
        let mut sum = 0u64;
        for f in &filters {
            sum = std::hint::black_box(f.as_bytes())
                .iter()
                .fold(sum, |a, &x| a.wrapping_add(u64::from(x)));
        }
        std::hint::black_box(sum);
    });
    records.push(record(
        "byte scan (ceiling)",
        "-",
        "parse",
        "filters",
        filters.len(),
        samples,
        Some(bytes_per_filter),
        None,
        None,
        filters.len(),
        None,
        "adds up every byte of the corpus: the floor of any pass over the text",
    ));
    let user_texts: Vec<String> = users.iter().map(Value::to_string).collect();
    let bytes_per_user =
        user_texts.iter().map(String::len).sum::<usize>() as f64 / users.len().max(1) as f64;
    let samples = measure(user_texts.len(), || {
        for t in &user_texts {
            std::hint::black_box(serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok());
        }
    });
    records.push(record(
        "serde_json (ceiling)",
        "1",
        "json-check",
        "resources",
        users.len(),
        samples,
        Some(bytes_per_user),
        None,
        None,
        users.len(),
        None,
        "serde_json syntax check (IgnoredAny) of each user's JSON text",
    ));
    let samples = measure(filters.len(), || {
        for f in &filters {
            std::hint::black_box(
                serde_json::from_str::<serde::de::IgnoredAny>(
                    &serde_json::to_string(f).unwrap_or_default(),
                )
                .is_ok(),
            );
        }
    });
    records.push(record(
        "serde_json (ceiling)", "1", "json-string", "filters", filters.len(), samples,
        Some(bytes_per_filter), None, None, filters.len(), None,
        "serde_json encoding each filter as a JSON string and checking it: same bytes, trivial grammar",
    ));

    // --- match -------------------------------------------------------------------------------
    let compiled: Vec<CompiledFilter> = evals
        .iter()
        .map(|f| Filter::parse(f).and_then(|f| f.compile(&schemas, "User")))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("eval filter: {e:#}"))?;
    let ours: Vec<usize> = compiled
        .iter()
        .map(|c| users.iter().filter(|u| c.matches(u)).count())
        .collect();
    let n = compiled.len() * users.len();
    let samples = measure(n, || {
        for c in &compiled {
            for u in &users {
                std::hint::black_box(c.matches(std::hint::black_box(u)));
            }
        }
    });
    records.push(record(
        "scimkit (Rust)",
        us,
        "match",
        "matches",
        n,
        samples,
        None,
        Some(0),
        Some(0),
        compiled.len(),
        Some(users.len()),
        &format!("CompiledFilter::matches on serde_json::Value; counts {ours:?}"),
    ));
    let peer: Vec<Option<scim_filter::parser::Filter<'_>>> = evals
        .iter()
        .map(|f| match scim_filter::parser::filter(f) {
            Ok(("", parsed)) => Some(parsed),
            _ => None,
        })
        .collect();
    let peer_rejected = peer.iter().filter(|p| p.is_none()).count();
    let peer_counts: Vec<Option<usize>> = peer
        .iter()
        .map(|p| {
            p.as_ref().map(|p| {
                users
                    .iter()
                    .filter(|u| p.r#match(u).unwrap_or(false))
                    .count()
            })
        })
        .collect();
    let wrong = peer_counts
        .iter()
        .zip(&ours)
        .filter(|(p, o)| **p != Some(**o))
        .count();
    let usable: Vec<&scim_filter::parser::Filter<'_>> = peer.iter().flatten().collect();
    let n_peer = usable.len() * users.len();
    let samples = measure(n_peer, || {
        for p in &usable {
            for u in &users {
                std::hint::black_box(p.r#match(std::hint::black_box(u)).unwrap_or(false));
            }
        }
    });
    records.push(record(
        "scim-filter crate (Rust)",
        "0.2.3",
        "match",
        "matches",
        n_peer,
        samples,
        None,
        Some(peer_rejected),
        Some(wrong),
        compiled.len(),
        Some(users.len()),
        &format!("Filter::match on serde_json::Value, errors as no match; counts {peer_counts:?}"),
    ));

    // --- parse + match -----------------------------------------------------------------------
    // Per (filter, user) pair, as the other hosts measure it: parse, compile, evaluate.
    let pair_users = &users[..users.len().min(1000)];
    let n_pairs = evals.len() * pair_users.len();
    let samples = measure(n_pairs, || {
        for f in &evals {
            for u in pair_users {
                if let Ok(c) = Filter::parse(f).and_then(|f| f.compile(&schemas, "User")) {
                    std::hint::black_box(c.matches(u));
                }
            }
        }
    });
    records.push(record(
        "scimkit (Rust)",
        us,
        "parse+match",
        "matches",
        n_pairs,
        samples,
        None,
        Some(0),
        Some(0),
        compiled.len(),
        Some(pair_users.len()),
        "Filter::parse + compile + matches per (filter, user) pair",
    ));

    // --- patch -------------------------------------------------------------------------------
    let options = PatchOptions::default();
    let requests: Vec<(usize, Result<PatchRequest, scimkit::Error>)> = patches
        .iter()
        .map(|(i, r)| (*i, PatchRequest::from_json(r)))
        .collect();
    let rejected = requests
        .iter()
        .filter(|(i, r)| {
            r.as_ref()
                .map_err(|_| ())
                .and_then(|r| {
                    r.apply(&mut users[*i].clone(), &schemas, "User", &options)
                        .map_err(|_| ())
                })
                .is_err()
        })
        .count();
    // Copies are made before each timed pass; only parsing the request and applying it is timed.
    let mut samples = Vec::new();
    let passes = 20;
    for _ in 0..SAMPLES {
        let mut total = 0.0;
        for _ in 0..passes {
            let mut copies: Vec<Value> = patches.iter().map(|(i, _)| users[*i].clone()).collect();
            let t = Instant::now();
            for ((_, r), u) in patches.iter().zip(copies.iter_mut()) {
                if let Ok(p) = PatchRequest::from_json(r) {
                    std::hint::black_box(p.apply(u, &schemas, "User", &options).ok());
                }
            }
            total += t.elapsed().as_secs_f64();
            drop(std::hint::black_box(copies));
        }
        samples.push((patches.len() * passes) as f64 / total);
    }
    records.push(record(
        "scimkit (Rust)", us, "patch", "patches", patches.len(), samples, None, Some(rejected),
        None, patches.len(), None,
        "PatchRequest::from_json + apply (RFC profile, User schema); copies made outside the timing",
    ));

    let machine = json!({
        "cpu": cpu_model(),
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        "rustc": option_env!("SCIMKIT_RUSTC_VERSION").unwrap_or("see rustc --version"),
    });
    let doc = json!({"host": "rust", "machine": machine, "records": records});
    std::fs::write(
        out,
        serde_json::to_vec_pretty(&doc).map_err(|e| e.to_string())?,
    )
    .map_err(|e| format!("{}: {e}", out.display()))
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, out] = args.as_slice() else {
        eprintln!("usage: peers-rust WORKLOAD_DIR OUT.json");
        return ExitCode::from(2);
    };
    match run(Path::new(dir), Path::new(out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("peers-rust: {e}");
            ExitCode::FAILURE
        }
    }
}
