//! criterion benches over the workload (`scimkit_benches::Workload`): parse, compile, evaluate,
//! print, PATCH apply, validate, project, and the ceilings (serde_json on the same resources, a
//! plain byte scan over the same filters).
//!
//! Run with `bash benches/run.sh` (it also prints ops/s and MB/s for every bench); each bench's
//! throughput is set in elements (filters, matches, patches, resources), and the bytes each
//! iteration reads are written to `$CRITERION_HOME/scimkit-bytes.json` for the report.

#![allow(missing_docs)] // criterion_group! makes undocumented functions

use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Mutex;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use scimkit::schema::{Mode, ValidateOptions};
use scimkit::{CompiledFilter, Filter, PatchOptions, PatchRequest, Schemas};
use scimkit_benches::{SEED, Workload};
use serde_json::Value;

/// Users the per-resource benches use (of the workload's 10,000), to keep a run short.
const BENCH_USERS: usize = 1000;

static BYTES: Mutex<BTreeMap<String, u64>> = Mutex::new(BTreeMap::new());

fn record_bytes(id: &str, bytes: usize) {
    if let Ok(mut m) = BYTES.lock() {
        m.insert(id.to_owned(), bytes as u64);
    }
}

fn write_bytes() {
    let dir = std::env::var_os("CRITERION_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "target/criterion".into());
    let map = BYTES.lock().map(|m| m.clone()).unwrap_or_default();
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(
            dir.join("scimkit-bytes.json"),
            serde_json::to_vec_pretty(&map).unwrap_or_default(),
        );
    }
}

fn workload() -> &'static Workload {
    static W: std::sync::OnceLock<Workload> = std::sync::OnceLock::new();
    W.get_or_init(|| Workload::generate(SEED))
}

fn filters_group(c: &mut Criterion) {
    let w = workload();
    let texts: Vec<&str> = w.filters.iter().map(|(_, f)| f.as_str()).collect();
    let bytes = w.filter_bytes();
    let schemas = Schemas::rfc7643();
    let parsed: Vec<Filter> = texts.iter().map(|t| Filter::parse(t).unwrap()).collect();
    let printed: usize = parsed.iter().map(|f| f.to_string().len()).sum();

    let mut g = c.benchmark_group("filters");
    g.throughput(Throughput::Elements(texts.len() as u64));
    record_bytes("filters/parse", bytes);
    g.bench_function("parse", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(Filter::parse(black_box(t)).ok());
            }
        })
    });
    record_bytes("filters/parse+compile", bytes);
    g.bench_function("parse+compile", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(
                    Filter::parse(t)
                        .and_then(|f| f.compile(&schemas, "User"))
                        .ok(),
                );
            }
        })
    });
    record_bytes("filters/compile", bytes);
    g.bench_function("compile", |b| {
        b.iter(|| {
            for f in &parsed {
                black_box(f.compile(&schemas, "User").ok());
            }
        })
    });
    record_bytes("filters/print", printed);
    g.bench_function("print", |b| {
        b.iter(|| {
            for f in &parsed {
                black_box(f.to_string());
            }
        })
    });
    // The ceiling: one pass over the same bytes that does nothing but add them up.
    record_bytes("filters/byte scan (ceiling)", bytes);
    g.bench_function("byte scan (ceiling)", |b| {
        b.iter(|| {
            let mut sum = 0u64;
            for t in &texts {
                sum = black_box(t.as_bytes())
                    .iter()
                    .fold(sum, |a, &x| a.wrapping_add(u64::from(x)));
            }
            sum
        })
    });
    // A peer: the scim-filter crate's parser (nom), on the same corpus; it rejects some filters.
    record_bytes("filters/scim-filter crate parse (peer)", bytes);
    g.bench_function("scim-filter crate parse (peer)", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(scim_filter::parser::filter(black_box(t)).is_ok());
            }
        })
    });
    g.finish();

    let chains: Vec<&str> = w
        .filters
        .iter()
        .filter(|(k, _)| *k == "chain50")
        .map(|(_, f)| f.as_str())
        .collect();
    let mut g = c.benchmark_group("chain50");
    g.throughput(Throughput::Elements(chains.len() as u64));
    record_bytes("chain50/parse", chains.iter().map(|c| c.len()).sum());
    g.bench_function("parse", |b| {
        b.iter(|| {
            for t in &chains {
                black_box(Filter::parse(t).ok());
            }
        })
    });
    g.finish();
}

fn eval_group(c: &mut Criterion) {
    let w = workload();
    let schemas = Schemas::rfc7643();
    let users = &w.users[..BENCH_USERS];
    let user_bytes: usize = users.iter().map(|u| u.to_string().len()).sum();
    let compiled: Vec<CompiledFilter> = w
        .eval_filters
        .iter()
        .map(|(_, f)| Filter::parse(f).unwrap().compile(&schemas, "User").unwrap())
        .collect();
    let mut g = c.benchmark_group("evaluate");
    g.throughput(Throughput::Elements((compiled.len() * users.len()) as u64));
    record_bytes("evaluate/matches", user_bytes * compiled.len());
    g.bench_function("matches", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for f in &compiled {
                for u in users {
                    n += usize::from(f.matches(black_box(u)));
                }
            }
            n
        })
    });
    g.finish();
}

fn resources_group(c: &mut Criterion) {
    let w = workload();
    let schemas = Schemas::rfc7643();
    let users = &w.users[..BENCH_USERS];
    let texts: Vec<String> = users.iter().map(Value::to_string).collect();
    let user_bytes: usize = texts.iter().map(String::len).sum();

    let mut g = c.benchmark_group("resources");
    g.throughput(Throughput::Elements(users.len() as u64));
    record_bytes("resources/validate (response)", user_bytes);
    let options = ValidateOptions::new();
    g.bench_function("validate (response)", |b| {
        b.iter(|| {
            for u in users {
                black_box(schemas.validate(u, "User", Mode::Response, &options).ok());
            }
        })
    });
    let projection = schemas
        .projection("User", &["userName", "emails", "name.givenName"], &[])
        .unwrap();
    record_bytes("resources/project", user_bytes);
    g.bench_function("project", |b| {
        b.iter(|| {
            for u in users {
                black_box(projection.apply(u));
            }
        })
    });
    // The ceilings: serde_json reading the same resources' text, into a Value and just checking.
    record_bytes("resources/serde_json to Value (ceiling)", user_bytes);
    g.bench_function("serde_json to Value (ceiling)", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(serde_json::from_str::<Value>(t).ok());
            }
        })
    });
    record_bytes("resources/serde_json syntax check (ceiling)", user_bytes);
    g.bench_function("serde_json syntax check (ceiling)", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(serde_json::from_str::<serde::de::IgnoredAny>(t).ok());
            }
        })
    });
    g.finish();

    let requests: Vec<(usize, PatchRequest)> = w
        .patches
        .iter()
        .map(|(i, r)| (*i, PatchRequest::from_json(r).unwrap()))
        .collect();
    let request_bytes: usize = w.patches.iter().map(|(_, r)| r.to_string().len()).sum();
    let patch_options = PatchOptions::default();
    let mut g = c.benchmark_group("patch");
    g.throughput(Throughput::Elements(requests.len() as u64));
    record_bytes("patch/apply", request_bytes);
    g.bench_function("apply", |b| {
        b.iter_batched(
            || {
                requests
                    .iter()
                    .map(|(i, _)| w.users[*i].clone())
                    .collect::<Vec<_>>()
            },
            |mut copies| {
                for ((_, req), u) in requests.iter().zip(copies.iter_mut()) {
                    black_box(req.apply(u, &schemas, "User", &patch_options).ok());
                }
                copies
            },
            BatchSize::LargeInput,
        )
    });
    record_bytes("patch/parse request", request_bytes);
    g.bench_function("parse request", |b| {
        b.iter(|| {
            for (_, r) in &w.patches {
                black_box(PatchRequest::from_json(r).ok());
            }
        })
    });
    g.finish();
    write_bytes();
}

/// Hostile sizes (issue item 7): the cost per byte should stay flat as inputs grow tenfold.
fn hostile_group(c: &mut Criterion) {
    let unlimited = scimkit::ParseOptions::default().max_len(usize::MAX);
    let schemas = Schemas::rfc7643();
    let mut g = c.benchmark_group("hostile");
    g.sample_size(10);
    for terms in [1_000usize, 10_000, 100_000] {
        let text = (0..terms)
            .map(|i| format!("userName eq \"user{i}@example.com\""))
            .collect::<Vec<_>>()
            .join(" or ");
        let id = format!("or-chain {terms} terms parse+compile");
        g.throughput(Throughput::Elements(terms as u64));
        record_bytes(&format!("hostile/{id}"), text.len());
        g.bench_function(&id, |b| {
            b.iter(|| {
                Filter::parse_with(black_box(&text), &unlimited)
                    .and_then(|f| f.compile(&schemas, "User"))
                    .is_ok()
            })
        });
    }
    for kib in [10usize, 100, 1000] {
        let text = format!("displayName eq \"{}\"", "é".repeat(kib * 512));
        let id = format!("string literal {kib} KiB parse");
        g.throughput(Throughput::Elements(1));
        record_bytes(&format!("hostile/{id}"), text.len());
        g.bench_function(&id, |b| {
            b.iter(|| Filter::parse_with(black_box(&text), &unlimited).is_ok())
        });
    }
    for depth in [1_000usize, 100_000] {
        let text = format!("{}userName pr{}", "not (".repeat(depth), ")".repeat(depth));
        let id = format!("not-nesting {depth} deep refused");
        g.throughput(Throughput::Elements(1));
        record_bytes(&format!("hostile/{id}"), text.len());
        g.bench_function(&id, |b| {
            b.iter(|| Filter::parse_with(black_box(&text), &unlimited).is_err())
        });
    }
    g.finish();
    write_bytes();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(3));
    targets = filters_group, eval_group, resources_group, hostile_group
}
criterion_main!(benches);
