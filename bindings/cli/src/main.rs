//! `scimkit`: SCIM filters from the shell.
//!
//! ```text
//! scimkit filter parse FILTER [--json] [--strict]
//! scimkit filter match FILTER FILE [--ids] [--resource-type T | --schemaless] [--schemas DIR]
//! scimkit patch RESOURCE PATCHOP [--resource-type T] [--profile P] [--schemas DIR]
//! scimkit validate RESOURCE [--resource-type T] [--mode create|replace|patch-result|response]
//!                  [--existing OLD] [--unknown-attributes reject|drop] [--schemas DIR]
//! scimkit project RESOURCE [--attributes A,B | --excluded-attributes C] [--resource-type T]
//! scimkit sort FILE --sort-by PATH [--sort-order ascending|descending] [--ids]
//! scimkit schemas [--resource-types] [--base-url URL] [--schemas DIR]
//! scimkit gen filters [--count N] [--seed S] [--invalid-ratio R] [--style user|syntax]
//! ```
//!
//! Errors go to stderr — human-readable with a caret under the offending text by default, the
//! RFC 7644 §3.12 error document with `--error-format json`. Exit status: 0 success, 1 a SCIM
//! error (the filter is invalid, does not fit the schema, a resource is not JSON), 2 a usage error
//! (bad arguments, a file that cannot be read).

use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use scimkit::generate::{FilterGenerator, Style};
use scimkit::schema::{Mode, SortOrder, UnknownAttributes, ValidateOptions};
use scimkit::{
    Error, ErrorKind, Filter, ParseOptions, PatchOptions, PatchRequest, Profile, Schemas,
};
use serde_json::Value;

#[derive(Parser)]
#[command(
    name = "scimkit",
    version,
    about = "SCIM 2.0 filters (RFC 7644 §3.4.2.2): parse, print, evaluate"
)]
struct Cli {
    /// How errors are printed on stderr.
    #[arg(long, value_enum, default_value_t = ErrorFormat::Human, global = true)]
    error_format: ErrorFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ErrorFormat {
    /// A message with a caret under the offending text.
    Human,
    /// The SCIM error document (RFC 7644 §3.12).
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Work with filters.
    Filter {
        #[command(subcommand)]
        command: FilterCommand,
    },
    /// Apply a PATCH request (RFC 7644 §3.5.2) to a resource and print the result.
    Patch {
        /// The resource (a JSON file; `-` reads stdin).
        resource: PathBuf,
        /// The PatchOp message (a JSON file; `-` reads stdin).
        patchop: PathBuf,
        /// The resource type (case-insensitive). Default: the resource's `meta.resourceType`,
        /// else the resource type whose schema is in its `schemas`, else User.
        #[arg(long)]
        resource_type: Option<String>,
        /// Accept an identity provider's documented deviations: rfc (default), entra, okta,
        /// onelogin, google, jumpcloud.
        #[arg(long, default_value = "rfc", value_parser = parse_profile)]
        profile: Profile,
        /// A directory of extra schema / resource type JSON documents to load.
        #[arg(long, value_name = "DIR")]
        schemas: Option<PathBuf>,
        /// Print `{"changed": ..., "resource": ...}` instead of the resource alone.
        #[arg(long)]
        outcome: bool,
    },
    /// Validate and normalise a resource (RFC 7643) and print it; dropped values (readOnly ones
    /// a client sent, unknown ones with --unknown-attributes drop) are listed on stderr.
    Validate {
        /// The resource (a JSON file; `-` reads stdin).
        resource: PathBuf,
        /// The resource type (case-insensitive); inferred as for `patch` when not given.
        #[arg(long)]
        resource_type: Option<String>,
        /// What the resource is: a POST body (create), a PUT body (replace), a resource as a
        /// PATCH left it (patch-result), or one about to be returned (response).
        #[arg(long, default_value = "create", value_parser = parse_mode)]
        mode: Mode,
        /// The stored resource a replace replaces (to check immutable attributes).
        #[arg(long, value_name = "OLD")]
        existing: Option<PathBuf>,
        /// What to do with attributes the schema does not define.
        #[arg(long, value_enum, default_value_t = Unknown::Reject)]
        unknown_attributes: Unknown,
        /// Accept values outside an attribute's canonicalValues.
        #[arg(long)]
        no_canonical_values: bool,
        /// Print `{"resource": ..., "dropped": [...]}` instead of the resource alone.
        #[arg(long)]
        outcome: bool,
        /// A directory of extra schema / resource type JSON documents to load.
        #[arg(long, value_name = "DIR")]
        schemas: Option<PathBuf>,
    },
    /// Print a resource with only the attributes `attributes` / `excludedAttributes` select
    /// (RFC 7644 §3.4.2.5).
    Project {
        /// The resource (a JSON file; `-` reads stdin).
        resource: PathBuf,
        /// Comma-separated attribute names to return (plus those returned always).
        #[arg(long, value_delimiter = ',', conflicts_with = "excluded_attributes")]
        attributes: Vec<String>,
        /// Comma-separated attribute names to leave out of the default set.
        #[arg(long, value_delimiter = ',')]
        excluded_attributes: Vec<String>,
        /// The resource type (case-insensitive); inferred as for `patch` when not given.
        #[arg(long)]
        resource_type: Option<String>,
        /// A directory of extra schema / resource type JSON documents to load.
        #[arg(long, value_name = "DIR")]
        schemas: Option<PathBuf>,
    },
    /// Print resources sorted by `sortBy` / `sortOrder` (RFC 7644 §3.4.2.3), one JSON line each.
    Sort {
        /// A JSON array of resources, JSON lines, or a SCIM ListResponse; `-` reads stdin.
        file: PathBuf,
        /// The attribute to sort by, e.g. `name.familyName`.
        #[arg(long)]
        sort_by: String,
        /// `ascending` (the default) or `descending`.
        #[arg(long, default_value = "ascending", value_parser = parse_order)]
        sort_order: SortOrder,
        /// Print only the `id`s.
        #[arg(long)]
        ids: bool,
        /// The resource type (case-insensitive).
        #[arg(long, default_value = "User")]
        resource_type: String,
        /// A directory of extra schema / resource type JSON documents to load.
        #[arg(long, value_name = "DIR")]
        schemas: Option<PathBuf>,
    },
    /// Generate test input for SCIM parsers (yours or ours).
    Gen {
        #[command(subcommand)]
        command: GenCommand,
    },
    /// Print the /Schemas document (RFC 7644 §4), or /ResourceTypes.
    Schemas {
        /// Print /ResourceTypes instead.
        #[arg(long)]
        resource_types: bool,
        /// The service's base URL, for `meta.location`.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// A directory of extra schema / resource type JSON documents to load.
        #[arg(long, value_name = "DIR")]
        schemas: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum GenCommand {
    /// Print generated filters as JSON lines: valid ones (RFC 7644 §3.4.2.2) and, with
    /// --invalid-ratio, damaged ones labelled with the error strict parsing gives. The same seed
    /// always gives the same lines.
    ///
    /// Valid: {"filter", "valid": true, "kind"}. Invalid: {"filter", "valid": false, "kind"
    /// (the damage), "scimType", "detail", "span": {"start", "end"} (byte offsets), "from" (the
    /// valid filter it was made from), "lenientAccepts" (whether scimkit's default, lenient
    /// options accept it)}.
    Filters {
        /// How many filters.
        #[arg(long, default_value_t = 1000)]
        count: usize,
        /// The seed.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// The share of invalid filters, 0 to 1.
        #[arg(long, default_value_t = 0.0, value_parser = parse_ratio)]
        invalid_ratio: f64,
        /// `user`: realistic filters on the RFC 7643 User (they compile against it); `syntax`:
        /// anything the grammar allows, with keywords as names, odd URIs and every escape.
        #[arg(long, value_enum, default_value_t = GenStyle::User)]
        style: GenStyle,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum GenStyle {
    /// Realistic filters on the User resource type.
    User,
    /// Anything the grammar allows.
    Syntax,
}

fn parse_ratio(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(r) if (0.0..=1.0).contains(&r) => Ok(r),
        _ => Err(format!("`{text}` is not a number from 0 to 1")),
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Unknown {
    /// Refuse the resource (invalidSyntax).
    Reject,
    /// Drop them and list them on stderr.
    Drop,
}

fn parse_mode(name: &str) -> Result<Mode, String> {
    Mode::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Mode::ALL.iter().map(|m| m.name()).collect();
        format!("unknown mode `{name}`; one of: {}", names.join(", "))
    })
}

fn parse_order(name: &str) -> Result<SortOrder, String> {
    SortOrder::from_name(name)
        .ok_or_else(|| format!("unknown sort order `{name}`; ascending or descending"))
}

fn parse_profile(name: &str) -> Result<Profile, String> {
    Profile::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Profile::ALL.iter().map(|p| p.name()).collect();
        format!("unknown profile `{name}`; one of: {}", names.join(", "))
    })
}

#[derive(Subcommand)]
enum FilterCommand {
    /// Parse a filter and print its canonical form (or its syntax tree with --json).
    Parse {
        /// The filter, e.g. 'userName eq "bjensen"'.
        filter: String,
        /// Print the syntax tree as JSON instead of the canonical form.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        parse: ParseArgs,
    },
    /// Print the resources in FILE that match the filter, one JSON document per line.
    Match {
        /// The filter, e.g. 'emails[type eq "work"]'.
        filter: String,
        /// A JSON array of resources, JSON lines, or a SCIM ListResponse; `-` reads stdin.
        file: PathBuf,
        /// Print only the `id` of each matching resource, one per line.
        #[arg(long)]
        ids: bool,
        /// The resource type whose schema the filter is compiled against (case-insensitive).
        #[arg(long, default_value = "User", conflicts_with = "schemaless")]
        resource_type: String,
        /// Evaluate without a schema (plain JSON; see the crate documentation for the rules).
        #[arg(long)]
        schemaless: bool,
        /// A directory of extra schema / resource type JSON documents (RFC 7643 §6, §7) to load
        /// on top of the RFC 7643 built-ins.
        #[arg(long, value_name = "DIR")]
        schemas: Option<PathBuf>,
        #[command(flatten)]
        parse: ParseArgs,
    },
}

#[derive(Args)]
struct ParseArgs {
    /// Accept exactly the RFC 7644 grammar: no extra whitespace, no Entra ID value-path
    /// sub-attribute, no `$` in names.
    #[arg(long)]
    strict: bool,
    /// Maximum nesting of `(`, `not (` and `[`.
    #[arg(long, value_name = "N")]
    max_depth: Option<usize>,
    /// Maximum filter length in bytes.
    #[arg(long, value_name = "BYTES")]
    max_length: Option<usize>,
}

impl ParseArgs {
    fn options(&self) -> ParseOptions {
        let mut o = if self.strict {
            ParseOptions::strict()
        } else {
            ParseOptions::default()
        };
        if let Some(d) = self.max_depth {
            o = o.max_depth(d);
        }
        if let Some(l) = self.max_length {
            o = o.max_len(l);
        }
        o
    }
}

/// Why the command failed.
enum Failure {
    Scim(Error),
    Usage(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Scim(e)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Scim(e)) => {
            let text = match cli.error_format {
                ErrorFormat::Human => format!("{e:#}"),
                ErrorFormat::Json => format!("{}\n", e.to_scim_json()),
            };
            let _ = io::stderr().write_all(text.as_bytes());
            ExitCode::from(1)
        }
        Err(Failure::Usage(msg)) => {
            let _ = writeln!(io::stderr(), "error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(command: &Command) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let command = match command {
        Command::Filter { command } => command,
        Command::Gen {
            command:
                GenCommand::Filters {
                    count,
                    seed,
                    invalid_ratio,
                    style,
                },
        } => {
            let style = match style {
                GenStyle::User => Style::User,
                GenStyle::Syntax => Style::Syntax,
            };
            let generator = FilterGenerator::new(*seed)
                .style(style)
                .invalid_ratio(*invalid_ratio);
            for f in generator.take(*count) {
                let line = match &f.error {
                    None => serde_json::json!({"filter": f.text, "valid": true, "kind": f.kind}),
                    Some(e) => serde_json::json!({
                        "filter": f.text,
                        "valid": false,
                        "kind": f.kind,
                        "scimType": e.scim_type,
                        "detail": e.detail,
                        "span": e.span.map(|s| serde_json::json!({"start": s.start, "end": s.end})),
                        "from": f.source,
                        "lenientAccepts": f.lenient_ok,
                    }),
                };
                writeln!(out, "{line}").map_err(io_failure)?;
            }
            return out.flush().map_err(io_failure);
        }
        Command::Validate {
            resource,
            resource_type,
            mode,
            existing,
            unknown_attributes,
            no_canonical_values,
            outcome,
            schemas,
        } => {
            let registry = load_schemas(schemas.as_deref())?;
            let doc = read_json_document(resource, "resource")?;
            let mut options = ValidateOptions::new()
                .canonical_values(!no_canonical_values)
                .unknown_attributes(match unknown_attributes {
                    Unknown::Reject => UnknownAttributes::Reject,
                    Unknown::Drop => UnknownAttributes::Drop,
                });
            if let Some(path) = existing {
                options = options.existing(read_json_document(path, "existing resource")?);
            }
            let rt = resource_type
                .clone()
                .unwrap_or_else(|| infer_resource_type(&doc, &registry));
            let validated = usage_if_unknown_type(registry.validate(&doc, &rt, *mode, &options))?;
            let mut err = io::stderr();
            for path in &validated.dropped {
                let _ = writeln!(err, "scimkit: dropped `{path}`");
            }
            let printed = if *outcome {
                serde_json::json!({"resource": validated.resource, "dropped": validated.dropped})
            } else {
                validated.resource
            };
            writeln!(out, "{printed}").map_err(io_failure)?;
            return out.flush().map_err(io_failure);
        }
        Command::Project {
            resource,
            attributes,
            excluded_attributes,
            resource_type,
            schemas,
        } => {
            let registry = load_schemas(schemas.as_deref())?;
            let doc = read_json_document(resource, "resource")?;
            let rt = resource_type
                .clone()
                .unwrap_or_else(|| infer_resource_type(&doc, &registry));
            let list = |v: &[String]| -> Vec<String> {
                v.iter()
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            };
            let (a, x) = (list(attributes), list(excluded_attributes));
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            let x: Vec<&str> = x.iter().map(String::as_str).collect();
            let projection = usage_if_unknown_type(registry.projection(&rt, &a, &x))?;
            writeln!(out, "{}", projection.apply(&doc)).map_err(io_failure)?;
            return out.flush().map_err(io_failure);
        }
        Command::Sort {
            file,
            sort_by,
            sort_order,
            ids,
            resource_type,
            schemas,
        } => {
            let registry = load_schemas(schemas.as_deref())?;
            let sorter =
                usage_if_unknown_type(registry.sorter(resource_type, sort_by, *sort_order))?;
            let text = read_input(file)?;
            let mut items = resources(&text)?;
            sorter.sort(&mut items);
            for r in &items {
                if *ids {
                    match r.get("id") {
                        Some(Value::String(id)) => writeln!(out, "{id}"),
                        Some(other) => writeln!(out, "{other}"),
                        None => Ok(()),
                    }
                } else {
                    writeln!(out, "{r}")
                }
                .map_err(io_failure)?;
            }
            return out.flush().map_err(io_failure);
        }
        Command::Schemas {
            resource_types,
            base_url,
            schemas,
        } => {
            let registry = load_schemas(schemas.as_deref())?;
            let doc = if *resource_types {
                registry.resource_types_document(base_url.as_deref())
            } else {
                registry.schemas_document(base_url.as_deref())
            };
            writeln!(out, "{doc}").map_err(io_failure)?;
            return out.flush().map_err(io_failure);
        }
        Command::Patch {
            resource,
            patchop,
            resource_type,
            profile,
            schemas,
            outcome,
        } => {
            if resource == patchop && resource == Path::new("-") {
                return Err(Failure::Usage(
                    "only one of RESOURCE and PATCHOP can be read from stdin".to_owned(),
                ));
            }
            let registry = load_schemas(schemas.as_deref())?;
            let mut doc = read_json_document(resource, "resource")?;
            let message = read_json_document(patchop, "PATCH request")?;
            let options = PatchOptions::profile(*profile);
            let request = PatchRequest::from_json_with(&message, &options)?;
            let rt = match resource_type {
                Some(rt) => rt.clone(),
                None => infer_resource_type(&doc, &registry),
            };
            let result = match request.apply(&mut doc, &registry, &rt, &options) {
                Err(e) if e.kind() == ErrorKind::UnknownResourceType => {
                    return Err(Failure::Usage(e.detail().to_owned()));
                }
                other => other?,
            };
            let printed = if *outcome {
                serde_json::json!({"changed": result.changed, "resource": doc})
            } else {
                doc
            };
            writeln!(out, "{printed}").map_err(io_failure)?;
            return out.flush().map_err(io_failure);
        }
    };
    match command {
        FilterCommand::Parse {
            filter,
            json,
            parse,
        } => {
            let f = Filter::parse_with(filter, &parse.options())?;
            if *json {
                writeln!(out, "{}", f.root().to_json()).map_err(io_failure)?;
            } else {
                writeln!(out, "{f}").map_err(io_failure)?;
            }
        }
        FilterCommand::Match {
            filter,
            file,
            ids,
            resource_type,
            schemaless,
            schemas,
            parse,
        } => {
            let f = Filter::parse_with(filter, &parse.options())?;
            let compiled = if *schemaless {
                f.compile_schemaless()?
            } else {
                let registry = load_schemas(schemas.as_deref())?;
                match f.compile(&registry, resource_type) {
                    Err(e) if e.kind() == ErrorKind::UnknownResourceType => {
                        return Err(Failure::Usage(e.detail().to_owned()));
                    }
                    other => other?,
                }
            };
            let text = read_input(file)?;
            for resource in resources(&text)? {
                if !compiled.matches(&resource) {
                    continue;
                }
                if *ids {
                    match resource.get("id") {
                        Some(Value::String(id)) => writeln!(out, "{id}"),
                        Some(other) => writeln!(out, "{other}"),
                        None => Ok(()),
                    }
                } else {
                    writeln!(out, "{resource}")
                }
                .map_err(io_failure)?;
            }
        }
    }
    out.flush().map_err(io_failure)
}

/// An unknown resource type is the caller's usage error (exit 2), not a SCIM error.
fn usage_if_unknown_type<T>(result: scimkit::Result<T>) -> Result<T, Failure> {
    match result {
        Err(e) if e.kind() == ErrorKind::UnknownResourceType => {
            Err(Failure::Usage(e.detail().to_owned()))
        }
        other => other.map_err(Failure::Scim),
    }
}

fn io_failure(e: io::Error) -> Failure {
    Failure::Usage(format!("cannot write output: {e}"))
}

fn read_input(path: &Path) -> Result<String, Failure> {
    if path == Path::new("-") {
        let mut s = String::new();
        io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Failure::Usage(format!("cannot read stdin: {e}")))?;
        return Ok(s);
    }
    std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))
}

/// One JSON document from `path` (`-`: stdin); text that is not JSON is `invalidSyntax`.
fn read_json_document(path: &Path, what: &str) -> Result<Value, Failure> {
    let text = read_input(path)?;
    serde_json::from_str(&text).map_err(|e| {
        Failure::Scim(Error::new(
            ErrorKind::InvalidSyntax,
            format!("the {what} is not valid JSON: {e}"),
        ))
    })
}

/// The resource type of `doc`: its `meta.resourceType`, else the one whose core schema its
/// `schemas` lists, else `User`.
fn infer_resource_type(doc: &Value, schemas: &Schemas) -> String {
    if let Some(rt) = doc.pointer("/meta/resourceType").and_then(Value::as_str) {
        return rt.to_owned();
    }
    let listed: Vec<&str> = doc
        .get("schemas")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    schemas
        .resource_types()
        .find(|rt| listed.iter().any(|u| u.eq_ignore_ascii_case(&rt.schema)))
        .map_or_else(|| "User".to_owned(), |rt| rt.name.clone())
}

/// The resources in `text`: a JSON array, a ListResponse (RFC 7644 §3.4.2), or a stream of JSON
/// documents (JSON lines).
fn resources(text: &str) -> Result<Vec<Value>, Failure> {
    let mut out = Vec::new();
    for doc in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        let doc = doc.map_err(|e| {
            Error::new(
                ErrorKind::InvalidSyntax,
                format!("the resources are not valid JSON: {e}"),
            )
        })?;
        match doc {
            Value::Array(items) => out.extend(items),
            Value::Object(ref m) if m.get("Resources").is_some_and(Value::is_array) => {
                if let Some(Value::Array(items)) = doc.get("Resources") {
                    out.extend(items.iter().cloned());
                }
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

fn load_schemas(dir: Option<&Path>) -> Result<Schemas, Failure> {
    let mut schemas = Schemas::rfc7643();
    let Some(dir) = dir else {
        return Ok(schemas);
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", dir.display())))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    // Schemas before the resource types that name them: load in two passes.
    let mut docs = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file)
            .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", file.display())))?;
        let doc: Value = serde_json::from_str(&text)
            .map_err(|e| Failure::Usage(format!("{} is not valid JSON: {e}", file.display())))?;
        docs.push((file, doc));
    }
    docs.sort_by_key(|(_, d)| is_resource_type_doc(d));
    // Leniently: a published /Schemas document with one malformed definition still loads the
    // rest; what was skipped is reported on stderr.
    let mut err = io::stderr();
    for (file, doc) in docs {
        for e in schemas.load_lenient(&doc) {
            let _ = writeln!(err, "scimkit: {}: skipped: {}", file.display(), e.detail());
        }
    }
    Ok(schemas)
}

fn is_resource_type_doc(doc: &Value) -> bool {
    let mentions = |v: &Value| {
        v.get("schemas").and_then(Value::as_array).is_some_and(|s| {
            s.iter()
                .any(|u| u.as_str().is_some_and(|u| u.ends_with(":ResourceType")))
        })
    };
    match doc {
        Value::Array(items) => items.iter().any(mentions),
        other => mentions(other),
    }
}
