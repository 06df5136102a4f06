//! `generateFilters`: the core's seeded filter generator (`scimkit::generate::FilterGenerator`,
//! what `scimkit gen filters` prints), as plain objects shaped like the CLI's JSON lines, with
//! spans in UTF-16 code units like every other span of this binding.

use napi::bindgen_prelude::{Array, BigInt, FromNapiValue, JsObjectValue, Object};
use napi::{Env, Result, Unknown, ValueType};
use napi_derive::napi;
use scimkit::generate::{FilterGenerator, GeneratedFilter, Style};
use scimkit::{SpanConverter, SpanUnits};

use crate::convert::{
    describe, name_option, option, options_object, range_error, size_value, type_error,
};

/// `options.seed`: a non-negative safe integer, or a bigint from `0n` to `2n ** 64n - 1n` (the
/// core's seed is a `u64`; a number and the bigint of the same value are the same seed).
fn seed_value(env: &Env, v: Unknown<'_>) -> Result<u64> {
    match v.get_type()? {
        ValueType::Number => size_value(env, v, "options.seed").map(|n| n as u64),
        ValueType::BigInt => match BigInt::from_unknown(v)?.get_u64() {
            (false, n, true) => Ok(n),
            _ => Err(range_error(
                env,
                "options.seed must be a bigint from 0n to 2n ** 64n - 1n",
            )),
        },
        _ => Err(type_error(
            env,
            format!(
                "options.seed must be a number or a bigint, not {}",
                describe(v)?
            ),
        )),
    }
}

/// `options.invalidRatio`: a number from 0 to 1.
fn ratio_value(env: &Env, v: Unknown<'_>) -> Result<f64> {
    if v.get_type()? != ValueType::Number {
        return Err(type_error(
            env,
            format!(
                "options.invalidRatio must be a number, not {}",
                describe(v)?
            ),
        ));
    }
    let ratio = f64::from_unknown(v)?;
    if !(0.0..=1.0).contains(&ratio) {
        return Err(range_error(
            env,
            format!("options.invalidRatio must be a number from 0 to 1, not {ratio}"),
        ));
    }
    Ok(ratio)
}

/// `options.style`: `user` or `syntax`, case-insensitive (as modes and profiles are).
fn style(name: &str) -> Option<Style> {
    if name.eq_ignore_ascii_case("user") {
        Some(Style::User)
    } else if name.eq_ignore_ascii_case("syntax") {
        Some(Style::Syntax)
    } else {
        None
    }
}

/// One generated filter as the CLI prints it: `{filter, valid, kind}`, and for an invalid one
/// also `scimType`, `detail`, `span` (`{start, end}` in UTF-16 code units, or `null`), `from`
/// and `lenientAccepts`.
fn to_js<'env>(env: &'env Env, f: &GeneratedFilter) -> Result<Object<'env>> {
    let mut obj = Object::new(env)?;
    obj.set_named_property("filter", f.text.as_str())?;
    obj.set_named_property("valid", f.error.is_none())?;
    obj.set_named_property("kind", f.kind)?;
    if let Some(e) = &f.error {
        obj.set_named_property("scimType", e.scim_type)?;
        obj.set_named_property("detail", e.detail.as_str())?;
        let span = match e.span {
            Some(span) => {
                let span = SpanConverter::new(&f.text, SpanUnits::Utf16).convert(span);
                let mut s = Object::new(env)?;
                s.set_named_property("start", span.start as f64)?;
                s.set_named_property("end", span.end as f64)?;
                Some(s)
            }
            None => None,
        };
        obj.set_named_property("span", span)?;
        obj.set_named_property("from", f.source.as_deref())?;
        obj.set_named_property("lenientAccepts", f.lenient_ok)?;
    }
    Ok(obj)
}

/// The first `count` filters of the generator seeded with `seed`, as plain objects: the same
/// filters `scimkit gen filters` prints for the same arguments. Valid ones parse with
/// `{strict: true}`; invalid ones (a share `invalidRatio` of them, made by damaging valid ones)
/// are labelled with the `ScimError` strict parsing throws.
#[napi(
    ts_args_type = "count: number, options?: GenerateFiltersOptions",
    ts_return_type = "GeneratedFilter[]"
)]
pub fn generate_filters<'env>(
    env: &'env Env,
    count: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> Result<Array<'env>> {
    let count = size_value(env, count, "count")?;
    if count > u32::MAX as usize {
        return Err(range_error(
            env,
            format!("count must be at most {} (an array's length)", u32::MAX),
        ));
    }
    let (mut seed, mut ratio, mut chosen) = (0, 0.0, Style::User);
    if let Some(obj) = options_object(env, options, &["seed", "invalidRatio", "style"])? {
        if let Some(v) = option(&obj, "seed")? {
            seed = seed_value(env, v)?;
        }
        if let Some(v) = option(&obj, "invalidRatio")? {
            ratio = ratio_value(env, v)?;
        }
        if let Some(s) = name_option(env, &obj, "style", style, &["user", "syntax"])? {
            chosen = s;
        }
    }
    let generator = FilterGenerator::new(seed)
        .style(chosen)
        .invalid_ratio(ratio);
    let mut out = env.create_array(0)?;
    for (i, f) in (0u32..).zip(generator.take(count)) {
        out.set(i, to_js(env, &f)?)?;
    }
    Ok(out)
}
