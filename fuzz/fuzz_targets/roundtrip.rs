//! `roundtrip`: an arbitrary normalised filter tree (and PATCH path) printed canonically parses
//! back, strictly and with the defaults, to the same tree, and prints the same again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scimkit::filter::MAX_DEPTH_LIMIT;
use scimkit::{Filter, ParseOptions, PatchPath};
use scimkit_fuzz::{Unstructured, ast};

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(tree) = ast::expr(&mut u) else { return };
    assert!(
        ast::is_normalised(&tree, false),
        "the generator made {tree:?}"
    );
    let printed = tree.to_string();
    for options in [
        ParseOptions::strict().max_depth(MAX_DEPTH_LIMIT),
        ParseOptions::default().max_depth(MAX_DEPTH_LIMIT),
    ] {
        let parsed = Filter::parse_with(&printed, &options)
            .unwrap_or_else(|e| panic!("{printed:?} of {tree:?} does not parse: {e:#}"));
        assert_eq!(parsed.root().without_spans(), tree, "{printed:?}");
        assert_eq!(parsed.to_string(), printed);
    }

    let Ok(path) = ast::patch_path(&mut u) else {
        return;
    };
    let printed = path.to_string();
    for options in [ParseOptions::strict(), ParseOptions::default()] {
        let parsed = PatchPath::parse_with(&printed, &options)
            .unwrap_or_else(|e| panic!("path {printed:?} of {path:?} does not parse: {e:#}"));
        assert_eq!(parsed.without_spans(), path, "{printed:?}");
        assert_eq!(parsed.to_string(), printed);
    }
});
