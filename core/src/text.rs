//! String comparison for `caseExact` true and false (RFC 7643 §2.2, RFC 7644 §3.4.2.2).
//!
//! Case-insensitive comparison lower-cases both sides character by character with Unicode's
//! simple-plus-special lower-case mapping (`char::to_lowercase`; no locale, no final-sigma rule),
//! so that `"ÅSA"` equals `"åsa"` and ASCII is the fast path. The filter's constant is lowered
//! once at compile time; the resource's value is lowered lazily, without allocating, except for
//! `co` on a value whose lower-cased form is longer than 1 KiB, which lowers into a temporary
//! string (shorter ones are lowered into a buffer on the stack).
//! Ordering (`gt`, `lt`, ...) is by Unicode code point, of the lowered text when not caseExact.
//!
//! The mapping is looked up in a table of runs that `build.rs` derives from this toolchain's
//! `char::to_lowercase` (`lower_char`; a test compares the two on every `char`): the same
//! mapping in an eighth of the bytes of the standard library's table, which the WebAssembly
//! build would otherwise carry (4 kB gzipped).

use std::cmp::Ordering;
use std::iter::{Chain, Once, once};

use memchr::memmem;

include!(concat!(env!("OUT_DIR"), "/lower_case.rs"));

/// `c` lower-cased: the characters of `c.to_lowercase()` (one, or two for U+0130).
fn lower_char(c: char) -> Chain<Once<char>, std::option::IntoIter<char>> {
    let code = c as u32;
    if code < 0x80 {
        return once(c.to_ascii_lowercase()).chain(None);
    }
    // The last run starting at or before `c`; `c` is in it if it is one of its code points.
    let i = RUNS.partition_point(|&(key, _)| key >> 8 <= code);
    if let Some(&(key, delta)) = i.checked_sub(1).and_then(|i| RUNS.get(i)) {
        let (start, len, stride) = (key >> 8, key & 0xff, (delta & 1) as u32 + 1);
        let offset = code - start;
        if offset % stride == 0 && offset / stride < len {
            let to = code.wrapping_add_signed(delta >> 1);
            return once(char::from_u32(to).unwrap_or(c)).chain(None);
        }
    }
    match MULTI.iter().find(|&&(from, _)| from == c) {
        Some(&(_, [a, b])) => once(a).chain(Some(b)),
        None => once(c).chain(None),
    }
}

/// Lower-cases `s` character by character (the mapping the evaluator uses on both sides).
pub(crate) fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().flat_map(lower_char).collect()
}

/// Values whose lower-cased form fits in this many bytes are folded on the stack.
const STACK_FOLD: usize = 1024;

/// Writes `s` lower-cased (as [`lower`] does) into `buf`; `None` if it does not fit.
fn lower_into<'b>(s: &str, buf: &'b mut [u8]) -> Option<&'b [u8]> {
    if s.is_ascii() {
        let out = buf.get_mut(..s.len())?;
        out.copy_from_slice(s.as_bytes());
        out.make_ascii_lowercase();
        return Some(out);
    }
    let mut at = 0;
    for c in lowered(s) {
        let end = at + c.len_utf8();
        c.encode_utf8(buf.get_mut(at..end)?);
        at = end;
    }
    Some(&buf[..at])
}

fn lowered(s: &str) -> impl DoubleEndedIterator<Item = char> + '_ {
    s.chars().flat_map(lower_char)
}

/// A string constant from a filter, prepared for one comparison mode.
#[derive(Debug, Clone)]
pub(crate) struct Needle {
    /// The constant, lower-cased when `!case_exact`.
    pub(crate) text: Box<str>,
    pub(crate) case_exact: bool,
    /// A prepared substring searcher, for `co` only (building one costs more than parsing a
    /// short filter).
    finder: Option<memmem::Finder<'static>>,
}

impl Needle {
    /// A constant for `eq`, `sw`, `ew` and the orderings.
    pub(crate) fn new(text: &str, case_exact: bool) -> Needle {
        let text: Box<str> = if case_exact {
            text.into()
        } else {
            lower(text).into()
        };
        Needle {
            text,
            case_exact,
            finder: None,
        }
    }

    /// A constant for `co` (or, with `substring` false, as [`Needle::new`]).
    pub(crate) fn for_op(text: &str, case_exact: bool, substring: bool) -> Needle {
        let mut n = Needle::new(text, case_exact);
        if substring {
            n.finder = Some(memmem::Finder::new(n.text.as_bytes()).into_owned());
        }
        n
    }

    fn find(&self, haystack: &[u8]) -> bool {
        match &self.finder {
            Some(f) => f.find(haystack).is_some(),
            None => memmem::find(haystack, self.text.as_bytes()).is_some(),
        }
    }

    pub(crate) fn eq(&self, v: &str) -> bool {
        let c = &*self.text;
        if self.case_exact {
            return v == c;
        }
        if v.is_ascii() {
            return v.len() == c.len() && v.eq_ignore_ascii_case(c);
        }
        lowered(v).eq(c.chars())
    }

    pub(crate) fn starts_with(&self, v: &str) -> bool {
        let c = &*self.text;
        if self.case_exact {
            return v.starts_with(c);
        }
        if v.is_ascii() {
            return v.len() >= c.len()
                && v.as_bytes()[..c.len()].eq_ignore_ascii_case(c.as_bytes());
        }
        let mut it = lowered(v);
        c.chars().all(|x| it.next() == Some(x))
    }

    pub(crate) fn ends_with(&self, v: &str) -> bool {
        let c = &*self.text;
        if self.case_exact {
            return v.ends_with(c);
        }
        if v.is_ascii() {
            return v.len() >= c.len()
                && v.as_bytes()[v.len() - c.len()..].eq_ignore_ascii_case(c.as_bytes());
        }
        let mut it = lowered(v).rev();
        c.chars().rev().all(|x| it.next() == Some(x))
    }

    pub(crate) fn contained_in(&self, v: &str) -> bool {
        if self.case_exact {
            return self.find(v.as_bytes());
        }
        // Lower-case into a buffer on the stack when the result fits, so that evaluation does
        // not allocate; only longer values are lowered into a temporary string.
        let mut buf = [0u8; STACK_FOLD];
        if let Some(lowered) = lower_into(v, &mut buf) {
            return self.find(lowered);
        }
        self.find(lower(v).as_bytes())
    }

    /// `v` compared with the constant (`v.cmp(constant)`).
    pub(crate) fn cmp(&self, v: &str) -> Ordering {
        if self.case_exact {
            return v.cmp(&self.text);
        }
        lowered(v).cmp(self.text.chars())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive_matches_rfc7644_example() {
        // RFC 7644 §3.4.2.2: `userName Eq "john"` and `Username eq "john"` evaluate alike;
        // userName is caseExact=false (RFC 7643 §4.1.1).
        let n = Needle::new("John", false);
        assert!(n.eq("JOHN"));
        assert!(n.eq("john"));
        assert!(!n.eq("johnny"));
        assert!(n.starts_with("Johnny"));
        assert!(n.ends_with("Big JOHN"));
        assert!(n.contained_in("xxjOhNxx"));
        assert!(!n.contained_in("jon"));
    }

    #[test]
    fn case_exact_is_exact() {
        let n = Needle::new("John", true);
        assert!(n.eq("John"));
        assert!(!n.eq("john"));
        assert!(!n.starts_with("johnny"));
        assert!(n.contained_in("xJohnx"));
        assert!(!n.contained_in("xjohnx"));
    }

    #[test]
    fn non_ascii_folds() {
        let n = Needle::new("ÅSA", false);
        assert!(n.eq("åsa"));
        assert!(n.starts_with("Åsa-Britt"));
        assert!(n.ends_with("Britt-åSA"));
        assert!(n.contained_in("ett ÅsA två"));
        let long = format!("{}åsa", "x".repeat(400));
        assert!(n.contained_in(&long));
        assert!(n.ends_with(&long));
        // Past the stack buffer (1 KiB lowered), the temporary-string path gives the same.
        for pad in [STACK_FOLD - 6, STACK_FOLD - 5, STACK_FOLD, 3 * STACK_FOLD] {
            let v = format!("{}ÅsA", "é".repeat(pad / 2));
            assert!(n.contained_in(&v), "{pad}");
            assert!(!n.contained_in(&v.replace('A', "")), "{pad}");
        }
        // Lower-casing can grow a value (U+0130 İ becomes "i̇", 3 bytes from 2).
        let dotted = Needle::new("i\u{307}x", false);
        assert!(dotted.contained_in(&format!("{}İX", "İ".repeat(STACK_FOLD / 2))));
        // And shrink it: the Kelvin sign (3 bytes) lowers to `k`.
        assert!(Needle::new("kelvin", false).contained_in("\u{212a}ELVIN"));
        // A needle built for `co` (with a prepared searcher) finds the same.
        let prepared = Needle::for_op("ÅSA", false, true);
        assert!(prepared.contained_in("ett ÅsA två") && !prepared.contained_in("asa"));
        assert!(Needle::for_op("ÅSA", true, true).contained_in("xÅSAx"));
    }

    #[test]
    fn lower_char_is_char_to_lowercase() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            assert!(lower_char(c).eq(c.to_lowercase()), "U+{:04X}", c as u32);
            assert!(
                lower_char(c).rev().eq(c.to_lowercase().rev()),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn ordering_is_by_code_point() {
        let n = Needle::new("b", false);
        assert_eq!(n.cmp("A"), Ordering::Less);
        assert_eq!(n.cmp("B"), Ordering::Equal);
        assert_eq!(n.cmp("c"), Ordering::Greater);
        let exact = Needle::new("b", true);
        assert_eq!(exact.cmp("B"), Ordering::Less);
    }

    #[test]
    fn empty_constant() {
        // RFC 7644 §3.4.2.2: "sw" is satisfied when the strings are identical; the empty string
        // is a prefix, suffix and substring of every string.
        let n = Needle::new("", false);
        assert!(n.starts_with("x"));
        assert!(n.ends_with("x"));
        assert!(n.contained_in("x"));
        assert!(n.eq(""));
    }
}
