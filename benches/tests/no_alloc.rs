//! `CompiledFilter::matches` allocates nothing (the issue's target: "compiled evaluation with no
//! heap allocation per `matches` call"), checked on the benchmark's own evaluation filters and
//! users with a counting global allocator.
//!
//! The documented exception (`scimkit::text`): a case-insensitive `co` on a value whose
//! lower-cased form is longer than 1 KiB lowers it into a temporary string. The workload's values
//! are shorter (its non-ASCII names and e-mail addresses included).

use peak_alloc::PeakAlloc;
use scimkit::{Filter, Schemas};
use scimkit_benches::{SEED, eval_filters, filters, users};

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

#[test]
fn matches_allocates_nothing() {
    let schemas = Schemas::rfc7643();
    let all = users(SEED, 2000);
    let mut texts: Vec<String> = eval_filters(&all).into_iter().map(|(_, f)| f).collect();
    // And the parse corpus's filters, which cover every generated shape.
    texts.extend(filters(SEED, 300).into_iter().map(|(_, f)| f));
    let compiled: Vec<_> = texts
        .iter()
        .map(|t| Filter::parse(t).unwrap().compile(&schemas, "User").unwrap())
        .collect();
    let mut matched = 0usize;
    let mut allocating = Vec::new();
    for (text, c) in texts.iter().zip(&compiled) {
        ALLOCATOR.reset_peak_usage();
        let before = ALLOCATOR.current_usage();
        for u in &all {
            matched += usize::from(c.matches(u));
        }
        // Any allocation, even one freed at once, raises the peak above `before`.
        if ALLOCATOR.peak_usage() != before {
            allocating.push(text.as_str());
        }
    }
    assert!(matched > 0);
    assert!(
        allocating.is_empty(),
        "these filters allocate in matches: {allocating:#?}"
    );
}
