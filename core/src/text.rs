//! String comparison for `caseExact` true and false (RFC 7643 §2.2, RFC 7644 §3.4.2.2).
//!
//! Case-insensitive comparison lower-cases both sides character by character with Unicode's
//! simple-plus-special lower-case mapping (`char::to_lowercase`; no locale, no final-sigma rule),
//! so that `"ÅSA"` equals `"åsa"` and ASCII is the fast path. The filter's constant is lowered
//! once at compile time; the resource's value is lowered lazily, without allocating, except for
//! `co` on a long (> 256 bytes) or non-ASCII value, which lowers into a temporary string.
//! Ordering (`gt`, `lt`, ...) is by Unicode code point, of the lowered text when not caseExact.

use std::cmp::Ordering;

use memchr::memmem;

/// Lower-cases `s` character by character (the mapping the evaluator uses on both sides).
pub(crate) fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().flat_map(char::to_lowercase).collect()
}

fn lowered(s: &str) -> impl DoubleEndedIterator<Item = char> + '_ {
    s.chars().flat_map(char::to_lowercase)
}

/// A string constant from a filter, prepared for one comparison mode.
#[derive(Debug, Clone)]
pub(crate) struct Needle {
    /// The constant, lower-cased when `!case_exact`.
    pub(crate) text: Box<str>,
    pub(crate) case_exact: bool,
    finder: memmem::Finder<'static>,
}

impl Needle {
    pub(crate) fn new(text: &str, case_exact: bool) -> Needle {
        let text: Box<str> = if case_exact {
            text.into()
        } else {
            lower(text).into()
        };
        let finder = memmem::Finder::new(text.as_bytes()).into_owned();
        Needle {
            text,
            case_exact,
            finder,
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
            return self.finder.find(v.as_bytes()).is_some();
        }
        const STACK: usize = 256;
        if v.is_ascii() && v.len() <= STACK {
            let mut buf = [0u8; STACK];
            let dst = &mut buf[..v.len()];
            dst.copy_from_slice(v.as_bytes());
            dst.make_ascii_lowercase();
            return self.finder.find(dst).is_some();
        }
        self.finder.find(lower(v).as_bytes()).is_some()
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
