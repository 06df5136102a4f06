//! Runs every shared vector in `testdata/` (format: `testdata/README.md`).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use scimkit::schema::{Mode, SortOrder, UnknownAttributes, ValidateOptions};
use scimkit::{Filter, ParseOptions, PatchOptions, PatchPath, PatchRequest, Profile, Schemas};
use serde_json::Value;

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata")
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schemas() -> Schemas {
    let mut schemas = Schemas::rfc7643();
    let mut docs: Vec<Value> = json_files(&testdata().join("fixtures/schemas"))
        .iter()
        .map(|p| read_json(p))
        .collect();
    // Schemas first, then the resource types that refer to them.
    let is_rt = |d: &Value| d.to_string().contains(":ResourceType\"");
    docs.sort_by_key(is_rt);
    for d in docs {
        schemas
            .load(&d)
            .unwrap_or_else(|e| panic!("loading fixture schema: {e}"));
    }
    schemas
}

fn fixtures() -> BTreeMap<String, Vec<Value>> {
    let mut out = BTreeMap::new();
    for name in ["users", "groups", "widgets"] {
        let p = testdata().join(format!("fixtures/{name}.json"));
        if p.exists() {
            let Value::Array(items) = read_json(&p) else {
                panic!("{name}.json must be an array")
            };
            out.insert(name.to_owned(), items);
        }
    }
    out
}

/// Parse options from a case's `options` object.
fn options(case: &Value) -> ParseOptions {
    let Some(o) = case.get("options") else {
        return ParseOptions::default();
    };
    let mut opts = if o.get("strict").and_then(Value::as_bool) == Some(true) {
        ParseOptions::strict()
    } else {
        ParseOptions::default()
    };
    if let Some(b) = o.get("lenientWhitespace").and_then(Value::as_bool) {
        opts = opts.lenient_whitespace(b);
    }
    if let Some(b) = o.get("valuePathSubAttr").and_then(Value::as_bool) {
        opts = opts.value_path_sub_attr(b);
    }
    if let Some(b) = o.get("dollarNames").and_then(Value::as_bool) {
        opts = opts.dollar_names(b);
    }
    if let Some(n) = o.get("maxDepth").and_then(Value::as_u64) {
        opts = opts.max_depth(n as usize);
    }
    if let Some(n) = o.get("maxLength").and_then(Value::as_u64) {
        opts = opts.max_len(n as usize);
    }
    opts
}

fn default_fixture(resource_type: Option<&str>) -> Option<&'static str> {
    match resource_type? {
        "User" => Some("users"),
        "Group" => Some("groups"),
        "Widget" => Some("widgets"),
        _ => None,
    }
}

fn check_error(case: &Value, err: &scimkit::Error, phase: &str) -> Result<(), String> {
    let want = &case["error"];
    if let Some(t) = want.get("scimType").and_then(Value::as_str) {
        if err.scim_type() != Some(t) {
            return Err(format!("scimType {:?}, want {t} ({err})", err.scim_type()));
        }
    }
    if let Some(s) = want.get("status").and_then(Value::as_u64) {
        if u64::from(err.status()) != s {
            return Err(format!("status {}, want {s}", err.status()));
        }
    }
    if let Some(p) = want.get("phase").and_then(Value::as_str) {
        if p != phase {
            return Err(format!("failed at {phase}, want {p} ({err})"));
        }
    }
    if let Some(span) = want.get("span").and_then(Value::as_array) {
        let want_span: Vec<u64> = span.iter().filter_map(Value::as_u64).collect();
        let got = err.span().map(|s| vec![s.start as u64, s.end as u64]);
        if got.as_ref() != Some(&want_span) {
            return Err(format!("span {got:?}, want {want_span:?}\n{err:#}"));
        }
    }
    if let Some(d) = want.get("detail").and_then(Value::as_str) {
        if !err.detail().contains(d) {
            return Err(format!("detail {:?} does not contain {d:?}", err.detail()));
        }
    }
    Ok(())
}

fn run_filter_case(
    case: &Value,
    schemas: &Schemas,
    fixtures: &BTreeMap<String, Vec<Value>>,
) -> Result<(), String> {
    let text = case["filter"].as_str().ok_or("no filter")?;
    let expect_error = case.get("error").is_some();
    let parsed = Filter::parse_with(text, &options(case));
    let filter = match parsed {
        Err(e) if expect_error => return check_error(case, &e, "parse"),
        Err(e) => return Err(format!("unexpected parse error:\n{e:#}")),
        Ok(f) => f,
    };
    let expect = case.get("expect");
    if let Some(c) = expect
        .and_then(|e| e.get("canonical"))
        .and_then(Value::as_str)
    {
        let printed = filter.to_string();
        if printed != c {
            return Err(format!("canonical {printed:?}, want {c:?}"));
        }
        // The canonical form is strict-valid (bar `$` names) and a fixed point.
        let again = Filter::parse_with(&printed, &ParseOptions::strict().dollar_names(true))
            .map_err(|e| format!("canonical form does not parse strictly: {e:#}"))?;
        if again.to_string() != printed
            || again.root().without_spans() != filter.root().without_spans()
        {
            return Err("canonical form does not round-trip".into());
        }
    }
    let wants_matches = expect.and_then(|e| e.get("matches")).is_some();
    if !wants_matches && !expect_error {
        return Ok(());
    }
    let resource_type = match case.get("resourceType") {
        None => Some("User"),
        Some(Value::Null) => None,
        Some(v) => Some(v.as_str().ok_or("resourceType must be a string or null")?),
    };
    let compiled = match resource_type {
        Some(rt) => filter.compile(schemas, rt),
        None => filter.compile_schemaless(),
    };
    let compiled = match compiled {
        Err(e) if expect_error => return check_error(case, &e, "compile"),
        Err(e) => return Err(format!("unexpected compile error:\n{e:#}")),
        Ok(c) if expect_error => {
            let _ = c;
            return Err("expected an error, got none".into());
        }
        Ok(c) => c,
    };
    let fixture = case
        .get("fixture")
        .and_then(Value::as_str)
        .or_else(|| default_fixture(resource_type))
        .ok_or("no fixture")?;
    let resources = fixtures
        .get(fixture)
        .ok_or_else(|| format!("no fixture {fixture}"))?;
    let got: Vec<&str> = resources
        .iter()
        .filter(|r| compiled.matches(r))
        .map(|r| r["id"].as_str().unwrap_or("<no id>"))
        .collect();
    let want: Vec<&str> = expect
        .and_then(|e| e.get("matches"))
        .and_then(Value::as_array)
        .ok_or("matches must be an array")?
        .iter()
        .map(|v| v.as_str().unwrap_or("<not a string>"))
        .collect();
    if got != want {
        return Err(format!("matches {got:?}, want {want:?}"));
    }
    Ok(())
}

fn run_path_case(case: &Value) -> Result<(), String> {
    let text = case["path"].as_str().ok_or("no path")?;
    match PatchPath::parse_with(text, &options(case)) {
        Err(e) if case.get("error").is_some() => check_error(case, &e, "parse"),
        Err(e) => Err(format!("unexpected error:\n{e:#}")),
        Ok(_) if case.get("error").is_some() => Err("expected an error, got none".into()),
        Ok(p) => {
            if let Some(c) = case
                .get("expect")
                .and_then(|e| e.get("canonical"))
                .and_then(Value::as_str)
            {
                if p.to_string() != c {
                    return Err(format!("canonical {:?}, want {c:?}", p.to_string()));
                }
            }
            Ok(())
        }
    }
}

fn cases(dir: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for file in json_files(&testdata().join(dir)) {
        let Value::Array(items) = read_json(&file) else {
            panic!("{} must be an array of cases", file.display())
        };
        let stem = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.extend(items.into_iter().map(|c| (stem.clone(), c)));
    }
    out
}

fn check_metadata(all: &[(String, Value)]) {
    let mut names = HashSet::new();
    for (file, case) in all {
        let name = case["name"]
            .as_str()
            .unwrap_or_else(|| panic!("{file}: case without a name"));
        assert!(
            names.insert(name.to_owned()),
            "{file}: duplicate case name {name:?}"
        );
        assert!(
            case.get("rfc").is_some() || case.get("vendor").is_some(),
            "{file}: case {name:?} cites neither an RFC section nor a vendor source"
        );
        assert!(
            case.get("expect").is_some() != case.get("error").is_some(),
            "{file}: case {name:?} needs exactly one of expect / error"
        );
    }
}

#[test]
fn filter_vectors() {
    let all = cases("filters");
    assert!(all.len() >= 250, "only {} filter vectors", all.len());
    check_metadata(&all);
    let schemas = schemas();
    let fixtures = fixtures();
    let mut failures = Vec::new();
    for (file, case) in &all {
        if let Err(msg) = run_filter_case(case, &schemas, &fixtures) {
            failures.push(format!(
                "{file} / {}: {msg}",
                case["name"].as_str().unwrap_or("?")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} filter vectors failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn path_vectors() {
    let all = cases("paths");
    check_metadata(&all);
    let mut failures = Vec::new();
    for (file, case) in &all {
        if let Err(msg) = run_path_case(case) {
            failures.push(format!(
                "{file} / {}: {msg}",
                case["name"].as_str().unwrap_or("?")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} path vectors failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

fn run_patch_case(case: &Value, schemas: &Schemas) -> Result<(), String> {
    let profile = match case.get("profile").and_then(Value::as_str) {
        None => Profile::Rfc,
        Some(name) => Profile::from_name(name).ok_or_else(|| format!("unknown profile {name}"))?,
    };
    let options = PatchOptions::profile(profile);
    let rt = case
        .get("resourceType")
        .and_then(Value::as_str)
        .unwrap_or("User");
    let before = case.get("resource").ok_or("no resource")?.clone();
    let message = case.get("patch").ok_or("no patch")?;
    let mut resource = before.clone();
    let result = PatchRequest::from_json_with(message, &options)
        .and_then(|req| req.apply(&mut resource, schemas, rt, &options));
    match (result, case.get("error")) {
        (Err(e), Some(want)) => {
            if resource != before {
                return Err("a failed request changed the resource".into());
            }
            if let Some(t) = want.get("scimType").and_then(Value::as_str) {
                if e.scim_type() != Some(t) {
                    return Err(format!("scimType {:?}, want {t} ({e})", e.scim_type()));
                }
            }
            if let Some(st) = want.get("status").and_then(Value::as_u64) {
                if u64::from(e.status()) != st {
                    return Err(format!("status {}, want {st}", e.status()));
                }
            }
            if let Some(i) = want.get("operation").and_then(Value::as_u64) {
                if e.operation().map(|o| o as u64) != Some(i) {
                    return Err(format!("operation {:?}, want {i} ({e})", e.operation()));
                }
            }
            if let Some(span) = want.get("span").and_then(Value::as_array) {
                let want_span: Vec<u64> = span.iter().filter_map(Value::as_u64).collect();
                let got = e.span().map(|s| vec![s.start as u64, s.end as u64]);
                if got.as_ref() != Some(&want_span) {
                    return Err(format!("span {got:?}, want {want_span:?}\n{e:#}"));
                }
            }
            if let Some(d) = want.get("detail").and_then(Value::as_str) {
                if !e.detail().contains(d) {
                    return Err(format!("detail {:?} does not contain {d:?}", e.detail()));
                }
            }
            Ok(())
        }
        (Err(e), None) => Err(format!("unexpected error: {e:#}")),
        (Ok(_), Some(_)) => Err(format!("expected an error, got {resource}")),
        (Ok(outcome), None) => {
            let expect = case.get("expect").ok_or("no expect")?;
            if let Some(want) = expect.get("resource") {
                if &resource != want {
                    return Err(format!("resource\n  got  {resource}\n  want {want}"));
                }
            }
            if let Some(want) = expect.get("changed").and_then(Value::as_bool) {
                if outcome.changed != want {
                    return Err(format!("changed {}, want {want}", outcome.changed));
                }
            }
            Ok(())
        }
    }
}

#[test]
fn patch_vectors() {
    let all = cases("patch");
    assert!(all.len() >= 150, "only {} PATCH vectors", all.len());
    check_metadata(&all);
    let schemas = schemas();
    let mut failures = Vec::new();
    for (file, case) in &all {
        if let Err(msg) = run_patch_case(case, &schemas) {
            failures.push(format!(
                "{file} / {}: {msg}",
                case["name"].as_str().unwrap_or("?")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} PATCH vectors failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

/// The registry for a schema case: the usual one plus the documents the case's `load` names.
fn case_schemas(case: &Value, base: &Schemas) -> Result<Schemas, String> {
    let mut schemas = base.clone();
    if let Some(Value::Array(paths)) = case.get("load") {
        let mut docs = Vec::new();
        for p in paths {
            let p = p.as_str().ok_or("load lists paths")?;
            docs.push(read_json(&testdata().join(p)));
        }
        // One call: schemas before the resource types that name them.
        let flat: Vec<Value> = docs
            .into_iter()
            .flat_map(|d| match d {
                Value::Array(items) => items,
                Value::Object(ref o) if o.get("Resources").is_some_and(Value::is_array) => {
                    o["Resources"].as_array().cloned().unwrap_or_default()
                }
                other => vec![other],
            })
            .collect();
        schemas
            .load(&Value::Array(flat))
            .map_err(|e| format!("loading {paths:?}: {e}"))?;
    }
    Ok(schemas)
}

fn check_schema_error(case: &Value, e: &scimkit::Error) -> Result<(), String> {
    let want = &case["error"];
    if let Some(t) = want.get("scimType") {
        if e.scim_type() != t.as_str() {
            return Err(format!("scimType {:?}, want {t} ({e})", e.scim_type()));
        }
    }
    if let Some(st) = want.get("status").and_then(Value::as_u64) {
        if u64::from(e.status()) != st {
            return Err(format!("status {}, want {st} ({e})", e.status()));
        }
    }
    if let Some(d) = want.get("detail").and_then(Value::as_str) {
        if !e.detail().contains(d) {
            return Err(format!("detail {:?} does not contain {d:?}", e.detail()));
        }
    }
    Ok(())
}

fn names(case: &Value, key: &str) -> Vec<String> {
    case.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn run_schema_case(case: &Value, base: &Schemas) -> Result<(), String> {
    let schemas = case_schemas(case, base)?;
    let rt = case
        .get("resourceType")
        .and_then(Value::as_str)
        .unwrap_or("User");
    let kind = case.get("kind").and_then(Value::as_str).ok_or("no kind")?;
    let outcome: scimkit::Result<Value> = match kind {
        "validate" => {
            let mode = match case.get("mode").and_then(Value::as_str) {
                None => Mode::Create,
                Some(m) => Mode::from_name(m).ok_or_else(|| format!("unknown mode {m}"))?,
            };
            let o = case.get("options");
            let mut options = ValidateOptions::new();
            if o.and_then(|o| o.get("unknownAttributes"))
                .and_then(Value::as_str)
                == Some("drop")
            {
                options = options.unknown_attributes(UnknownAttributes::Drop);
            }
            if let Some(b) = o
                .and_then(|o| o.get("canonicalValues"))
                .and_then(Value::as_bool)
            {
                options = options.canonical_values(b);
            }
            if let Some(existing) = case.get("existing") {
                options = options.existing(existing.clone());
            }
            let resource = case.get("resource").ok_or("no resource")?;
            schemas
                .validate(resource, rt, mode, &options)
                .map(|v| serde_json::json!({"resource": v.resource, "dropped": v.dropped}))
        }
        "project" => {
            let (a, x) = (names(case, "attributes"), names(case, "excludedAttributes"));
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            let x: Vec<&str> = x.iter().map(String::as_str).collect();
            let resource = case.get("resource").ok_or("no resource")?;
            schemas
                .projection(rt, &a, &x)
                .map(|p| serde_json::json!({"resource": p.apply(resource)}))
        }
        "sort" => {
            let order = match case.get("sortOrder").and_then(Value::as_str) {
                None => SortOrder::Ascending,
                Some(o) => SortOrder::from_name(o).ok_or_else(|| format!("unknown order {o}"))?,
            };
            let sort_by = case
                .get("sortBy")
                .and_then(Value::as_str)
                .ok_or("no sortBy")?;
            let mut resources = case
                .get("resources")
                .and_then(Value::as_array)
                .cloned()
                .ok_or("no resources")?;
            schemas.sorter(rt, sort_by, order).map(|s| {
                s.sort(&mut resources);
                let ids: Vec<Value> = resources.iter().map(|r| r["id"].clone()).collect();
                serde_json::json!({"ids": ids})
            })
        }
        other => return Err(format!("unknown kind {other}")),
    };
    match (outcome, case.get("error"), case.get("expect")) {
        (Err(e), Some(_), _) => check_schema_error(case, &e),
        (Err(e), None, _) => Err(format!("unexpected error: {e:#}")),
        (Ok(got), Some(_), _) => Err(format!("expected an error, got {got}")),
        (Ok(got), None, Some(want)) => {
            for key in ["resource", "ids"] {
                if let Some(w) = want.get(key) {
                    if got.get(key) != Some(w) {
                        return Err(format!("{key}\n  got  {}\n  want {w}", got[key]));
                    }
                }
            }
            if let Some(w) = want.get("dropped").and_then(Value::as_array) {
                let mut w: Vec<&str> = w.iter().filter_map(Value::as_str).collect();
                let mut g: Vec<&str> = got["dropped"]
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                w.sort_unstable();
                g.sort_unstable();
                if g != w {
                    return Err(format!("dropped {g:?}, want {w:?}"));
                }
            }
            Ok(())
        }
        (Ok(_), None, None) => Err("no expect".into()),
    }
}

#[test]
fn schema_vectors() {
    let all = cases("schema");
    check_metadata(&all);
    let schemas = schemas();
    let mut failures = Vec::new();
    for (file, case) in &all {
        if let Err(msg) = run_schema_case(case, &schemas) {
            failures.push(format!(
                "{file} / {}: {msg}",
                case["name"].as_str().unwrap_or("?")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} schema vectors failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}
