//! Hostile input (issue: benchmarks and fuzzing, item 7): a 100,000-deep `not (` nesting, a 1 MB
//! string literal and a 100,000-term `or` chain each give a clear error under the default
//! limits, and with the limits lifted a result in bounded memory, on a small stack (nothing
//! recurses per `or` term or per byte). Time is not asserted here (tests are not timed): the
//! `hostile` criterion group in `benches/` shows the cost per byte staying flat from 10 kB to
//! 1 MB and more.
//!
//! Memory is measured with a counting global allocator (`peak_alloc`): the peak of live heap bytes while the
//! input is parsed, compiled, evaluated, printed and dropped, net of the input itself.

use std::sync::Mutex;

use peak_alloc::PeakAlloc;
use scimkit::filter::{DEFAULT_MAX_DEPTH, DEFAULT_MAX_LEN, Expr};
use scimkit::{Filter, ParseOptions, Schemas};
use serde_json::json;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

/// One measurement at a time: the counters are process-wide.
static SERIAL: Mutex<()> = Mutex::new(());

/// Runs `f` on a thread with a 1 MiB stack (the default depth limit needs about 10 kB a level
/// in a debug build; a frame per `or` term or per byte would need far more) and returns its
/// result and the peak of live heap bytes above what was live when it started.
fn measured<T: Send>(f: impl FnOnce() -> T + Send) -> (T, usize) {
    let _guard = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn_scoped(s, || {
                ALLOCATOR.reset_peak_usage();
                let base = ALLOCATOR.current_usage();
                let out = f();
                (out, ALLOCATOR.peak_usage().saturating_sub(base))
            })
            .expect("spawn")
            .join()
            .expect("no panic, no stack overflow")
    })
}

fn unlimited() -> ParseOptions {
    ParseOptions::default().max_len(usize::MAX)
}

#[test]
fn deep_not_nesting_is_refused_at_the_depth_limit() {
    let n = 100_000;
    let text = format!("{}userName pr{}", "not (".repeat(n), ")".repeat(n));

    // Default limits: too long (RFC 7644 leaves limits to the service; §3.12 invalidFilter).
    let err = Filter::parse(&text).unwrap_err();
    assert_eq!(err.scim_type(), Some("invalidFilter"));
    assert_eq!(
        err.to_string(),
        format!(
            "input is {} bytes long; the limit is {DEFAULT_MAX_LEN} bytes",
            text.len()
        )
    );

    // Length lifted: the depth limit stops it at the first `not (` past the limit, with a span
    // there, before any deeper work.
    let (err, peak) = measured(|| Filter::parse_with(&text, &unlimited()).unwrap_err());
    assert_eq!(err.scim_type(), Some("invalidFilter"));
    assert!(
        err.to_string()
            .contains(&format!("deeper than {DEFAULT_MAX_DEPTH}")),
        "{err}"
    );
    let span = err.span().unwrap();
    // The caret is under the `(` that opens one level too many.
    assert_eq!(
        span.start,
        DEFAULT_MAX_DEPTH * "not (".len() + "not ".len(),
        "{span:?}"
    );
    // The error keeps one copy of the text, for its caret rendering; nothing grows with depth.
    assert!(
        peak < text.len() + 64 * 1024,
        "peak {peak} bytes for {} input bytes",
        text.len()
    );
}

#[test]
fn a_one_megabyte_string_literal() {
    let big = "é".repeat(512 * 1024); // 1 MiB of UTF-8, two bytes a character
    let text = format!("displayName eq {}", json!(big));
    assert!(text.len() > 1 << 20);

    let err = Filter::parse(&text).unwrap_err();
    assert_eq!(err.scim_type(), Some("invalidFilter"));
    assert!(err.to_string().contains("the limit is"), "{err}");

    let ((matched, printed_len), peak) = measured(|| {
        let filter = Filter::parse_with(&text, &unlimited()).unwrap();
        let compiled = filter.compile(&Schemas::rfc7643(), "User").unwrap();
        // displayName is caseExact=false (RFC 7643 §4.1.1): the upper-cased value matches.
        let user = json!({"displayName": big.to_uppercase()});
        (compiled.matches(&user), filter.to_string().len())
    });
    assert!(matched);
    assert_eq!(printed_len, text.len());
    // The value, the source kept for error carets, the resource and its upper-cased text, the
    // case-folded comparison, the printed text (the allocator counts a growing buffer's old and
    // new blocks together while it is copied): a small constant multiple of the input.
    assert!(
        peak < 12 * text.len(),
        "peak {peak} bytes for {} input bytes",
        text.len()
    );
}

#[test]
fn a_hundred_thousand_term_or_chain() {
    let n = 100_000;
    let text = (0..n)
        .map(|i| format!("userName eq \"user{i}@example.com\""))
        .collect::<Vec<_>>()
        .join(" or ");

    let err = Filter::parse(&text).unwrap_err();
    assert!(err.to_string().contains("the limit is"), "{err}");

    let ((operands, hit, miss, printed), peak) = measured(|| {
        let filter = Filter::parse_with(&text, &unlimited()).unwrap();
        let operands = match filter.root() {
            Expr::Or(l) => l.operands.len(),
            _ => 0,
        };
        let compiled = filter.compile(&Schemas::rfc7643(), "User").unwrap();
        let hit = compiled.matches(&json!({"userName": "USER99999@example.com"}));
        let miss = compiled.matches(&json!({"userName": "nobody@example.com"}));
        let printed = filter.to_string() == text;
        (operands, hit, miss, printed)
    });
    assert_eq!(operands, n, "one flat n-ary `or`, no nesting per term");
    assert!(hit && !miss);
    assert!(printed);
    assert!(
        peak < 40 * text.len(),
        "peak {peak} bytes for {} input bytes",
        text.len()
    );
}

#[test]
fn a_hundred_thousand_term_and_chain_in_a_value_path() {
    let n = 100_000;
    let inner = (0..n)
        .map(|i| format!("value ne \"x{i}\""))
        .collect::<Vec<_>>()
        .join(" and ");
    let text = format!("emails[{inner}]");
    let (matched, peak) = measured(|| {
        let f = Filter::parse_with(&text, &unlimited()).unwrap();
        let c = f.compile(&Schemas::rfc7643(), "User").unwrap();
        c.matches(&json!({"emails": [{"value": "y@example.com"}]}))
    });
    assert!(matched);
    assert!(
        peak < 40 * text.len(),
        "peak {peak} bytes for {} input bytes",
        text.len()
    );
}
