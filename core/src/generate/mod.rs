//! Filter generators, for property tests here and for other projects' parsers (feature
//! `generate`).
//!
//! * [`syntax`]: proptest strategies over the whole grammar (RFC 7644 Figure 1): keywords as
//!   attribute names, odd URIs, every escape. Trees, normalised as the parser builds them.
//! * [`user`]: proptest strategies for realistic filters on the RFC 7643 User, the shapes
//!   identity providers send; they compile against [`Schemas::rfc7643`](crate::Schemas::rfc7643).
//! * [`FilterGenerator`]: a deterministic stream (fixed seed) of valid filters and, at a chosen
//!   ratio, invalid ones made by damaging valid ones, each labelled with the error this crate's
//!   strict parser gives (`scimType`, message, byte span). It is what `scimkit gen filters`
//!   prints.
//!
//! "Valid" means valid under RFC 7644's grammar: every generated valid filter parses with
//! [`ParseOptions::strict`], and every invalid one is refused by it (the lenient default
//! options may still accept some, such as a run of spaces; [`GeneratedFilter::lenient_ok`] says
//! which).
//!
//! ```
//! use scimkit::generate::{FilterGenerator, Style};
//!
//! let batch: Vec<_> = FilterGenerator::new(7).invalid_ratio(0.25).take(100).collect();
//! assert!(batch.iter().any(|f| f.error.is_some()));
//! for f in &batch {
//!     let parsed = scimkit::Filter::parse_with(&f.text, &scimkit::ParseOptions::strict());
//!     assert_eq!(parsed.is_ok(), f.error.is_none());
//! }
//! // The same seed gives the same filters.
//! let again: Vec<_> = FilterGenerator::new(7).invalid_ratio(0.25).take(100).collect();
//! assert_eq!(batch, again);
//! # let _ = Style::Syntax;
//! ```

pub mod syntax;
pub mod user;
pub mod vocab;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use crate::{Error, Filter, ParseOptions, Span};

/// A deterministic random-number generator for `seed` (ChaCha, so the same on every platform).
pub fn rng(seed: u64) -> TestRng {
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(
            &(seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)).to_le_bytes(),
        );
    }
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

/// A proptest runner that draws from [`rng`]`(seed)`, for sampling strategies outside tests.
pub fn runner(seed: u64) -> TestRunner {
    TestRunner::new_with_rng(Config::default(), rng(seed))
}

/// One value of `strategy`, drawn with `runner`; `None` only if the strategy rejects too many
/// of its own draws (those here never do).
pub fn sample<S: Strategy>(strategy: &S, runner: &mut TestRunner) -> Option<S::Value> {
    strategy.new_tree(runner).ok().map(|tree| tree.current())
}

/// Which filters a [`FilterGenerator`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// Realistic filters on the User resource type ([`user::filter`]).
    #[default]
    User,
    /// Anything the grammar allows ([`syntax::expr`]), printed canonically.
    Syntax,
}

/// A generated filter with what to expect of it.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedFilter {
    /// The filter text.
    pub text: String,
    /// For valid filters, the [`user::FilterKind`] name (`eq`, `valuepath`, ...), or `syntax`;
    /// for invalid ones, the damage done (`unclosed-paren`, `edit`, ...).
    pub kind: &'static str,
    /// `None` for a valid filter; for an invalid one, the error strict parsing gives.
    pub error: Option<ExpectedError>,
    /// For an invalid filter, the valid filter it was made from.
    pub source: Option<String>,
    /// Whether the default (lenient) [`ParseOptions`] accept the text.
    pub lenient_ok: bool,
}

/// The error strict parsing gives for an invalid generated filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedError {
    /// The RFC 7644 §3.12 `scimType` (`invalidFilter`).
    pub scim_type: &'static str,
    /// The message.
    pub detail: String,
    /// The byte span the message is about.
    pub span: Option<Span>,
}

impl From<&Error> for ExpectedError {
    fn from(e: &Error) -> ExpectedError {
        ExpectedError {
            scim_type: e.scim_type().unwrap_or("invalidFilter"),
            detail: e.to_string(),
            span: e.span(),
        }
    }
}

/// A deterministic stream of generated filters: see the [module documentation](self).
#[derive(Debug)]
pub struct FilterGenerator {
    runner: TestRunner,
    invalid_ratio: f64,
    style: Style,
    user: BoxedStrategy<(user::FilterKind, String)>,
    syntax: BoxedStrategy<crate::filter::Expr>,
    edits: BoxedStrategy<Vec<syntax::Edit>>,
}

impl FilterGenerator {
    /// A generator seeded with `seed`: valid filters only, [`Style::User`].
    pub fn new(seed: u64) -> FilterGenerator {
        FilterGenerator {
            runner: runner(seed),
            invalid_ratio: 0.0,
            style: Style::User,
            user: user::filter(),
            syntax: syntax::expr(),
            edits: syntax::edits().boxed(),
        }
    }

    /// The share of invalid filters, from 0 to 1 (clamped; NaN counts as 0).
    #[must_use]
    pub fn invalid_ratio(mut self, ratio: f64) -> FilterGenerator {
        self.invalid_ratio = if ratio.is_nan() {
            0.0
        } else {
            ratio.clamp(0.0, 1.0)
        };
        self
    }

    /// Which filters to make.
    #[must_use]
    pub fn style(mut self, style: Style) -> FilterGenerator {
        self.style = style;
        self
    }

    fn valid(&mut self) -> Option<(&'static str, String)> {
        match self.style {
            Style::User => {
                sample(&self.user, &mut self.runner).map(|(kind, text)| (kind.as_str(), text))
            }
            Style::Syntax => {
                sample(&self.syntax, &mut self.runner).map(|e| ("syntax", e.to_string()))
            }
        }
    }

    /// Damages `valid` until strict parsing refuses it: first with one of the targeted
    /// mistakes people make, else with random character edits.
    fn invalid(&mut self, valid: &str) -> Option<(&'static str, String, Error)> {
        let strict = ParseOptions::strict();
        for _ in 0..8 {
            let pick = self.runner.rng().random_range(0..MISTAKES.len() + 2);
            let (kind, text) = match MISTAKES.get(pick) {
                Some(&(kind, damage)) => match damage(valid) {
                    Some(text) => (kind, text),
                    None => continue,
                },
                None => {
                    let edits = sample(&self.edits, &mut self.runner)?;
                    ("edit", syntax::mutate(valid, &edits))
                }
            };
            if let Err(e) = Filter::parse_with(&text, &strict) {
                return Some((kind, text, e));
            }
        }
        None
    }
}

impl Iterator for FilterGenerator {
    type Item = GeneratedFilter;

    fn next(&mut self) -> Option<GeneratedFilter> {
        loop {
            let (kind, text) = self.valid()?;
            let want_invalid =
                self.invalid_ratio > 0.0 && self.runner.rng().random_bool(self.invalid_ratio);
            if !want_invalid {
                return Some(GeneratedFilter {
                    lenient_ok: true,
                    text,
                    kind,
                    error: None,
                    source: None,
                });
            }
            if let Some((kind, bad, error)) = self.invalid(&text) {
                return Some(GeneratedFilter {
                    lenient_ok: Filter::parse(&bad).is_ok(),
                    text: bad,
                    kind,
                    error: Some(ExpectedError::from(&error)),
                    source: Some(text),
                });
            }
        }
    }
}

type Damage = fn(&str) -> Option<String>;

/// Mistakes seen in real clients' filters, each a function from a valid filter to a damaged
/// one (or `None` where it does not apply).
const MISTAKES: &[(&str, Damage)] = &[
    ("unclosed-paren", |s| drop_last(s, ')')),
    ("unclosed-bracket", |s| drop_last(s, ']')),
    ("extra-paren", |s| Some(format!("{s})"))),
    ("unterminated-string", |s| drop_last(s, '"')),
    ("single-quotes", |s| {
        s.contains('"').then(|| s.replacen('"', "'", 2))
    }),
    ("unknown-operator", |s| {
        replace_word(s, &[" eq ", " co ", " sw "], " equals ")
    }),
    ("symbol-operator", |s| replace_word(s, &[" eq "], " = ")),
    ("missing-value", |s| {
        let i = s.find(" eq ")?;
        Some(s[..i + 3].to_owned())
    }),
    ("trailing-and", |s| Some(format!("{s} and"))),
    ("not-without-parens", |s| {
        (!s.starts_with("not ")).then(|| format!("not {s}"))
    }),
    ("unquoted-string", |s| {
        let start = s.find('"')?;
        let end = start + 1 + s[start + 1..].find('"')?;
        let inner = &s[start + 1..end];
        (!inner.is_empty() && !inner.contains(' '))
            .then(|| format!("{}{}{}", &s[..start], inner, &s[end + 1..]))
    }),
    ("empty-brackets", |s| {
        let open = s.find('[')?;
        let close = open + s[open..].find(']')?;
        Some(format!("{}[]{}", &s[..open], &s[close + 1..]))
    }),
    ("bad-escape", |s| {
        let i = s.find('"')?;
        Some(format!("{}\\q{}", &s[..=i], &s[i + 1..]))
    }),
    ("empty", |_| Some(String::new())),
];

fn drop_last(s: &str, c: char) -> Option<String> {
    let i = s.rfind(c)?;
    Some(format!("{}{}", &s[..i], &s[i + c.len_utf8()..]))
}

fn replace_word(s: &str, words: &[&str], with: &str) -> Option<String> {
    words.iter().find_map(|w| {
        s.find(w)
            .map(|i| format!("{}{with}{}", &s[..i], &s[i + w.len()..]))
    })
}
