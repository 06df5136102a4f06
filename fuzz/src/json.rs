//! JSON from fuzzer bytes: User-ish resources (the RFC 7643 User with the enterprise extension,
//! conforming or not) and arbitrary JSON.
//!
//! Values come mostly from small pools shared with the filter generators, so that comparisons
//! often hit: strings that differ only in case (ASCII and not), prefixes and suffixes of each
//! other, dateTimes that are the same instant at different offsets, numbers at the edges of
//! `i64`/`f64`.

use serde_json::{Map, Number, Value, json};

use crate::ast::{ENTERPRISE_URN, USER_URN};
use crate::{Result, Unstructured, chance, maybe_scramble, pick, weighted};

/// Strings for values and filter constants.
pub const STRINGS: &[&str] = &[
    "bjensen",
    "BJensen",
    "Barbara",
    "barbara",
    "Jensen",
    "jensen",
    "sen",
    "B",
    "b",
    "work",
    "Work",
    "home",
    "other",
    "mobile",
    "xmpp",
    "b@example.com",
    "B@Example.COM",
    "example.com",
    "@example.com",
    "",
    " ",
    "Åsa",
    "åsa",
    "ÅSA",
    "zoë",
    "ZOË",
    "ß",
    "SS",
    "ss",
    "İ",
    "i\u{307}",
    "i",
    "I",
    "\u{212a}",
    "k",
    "K",
    "Σ",
    "σ",
    "ς",
    "ΌΣΟΣ",
    "όσος",
    "😀",
    "日本",
    "701984",
    "26118915",
    "U01",
    "u01",
    "x",
    "X",
    "a\"b",
    "\\",
    "\u{0}",
    "\u{7f}",
    "Tour Guides",
    "MIIDQz",
    "miidqz",
    "true",
    "True",
    "42",
    "https://example.com/Users/2819c223",
    "HTTPS://EXAMPLE.COM/Users/2819c223",
    USER_URN,
    ENTERPRISE_URN,
    "urn:ietf:params:scim:schemas:core:2.0:user",
];

/// dateTimes: one instant at several offsets, its neighbours, the edges of the format, and
/// strings that are almost dateTimes.
pub const DATETIMES: &[&str] = &[
    "2011-05-13T04:42:34Z",
    "2011-05-13T06:42:34+02:00",
    "2011-05-12T23:42:34-05:00",
    "2011-05-13T04:42:34",
    "2011-05-13T04:42:34.000Z",
    "2011-05-13T04:42:34.5Z",
    "2011-05-13T04:42:34.999999999Z",
    "2011-05-13T04:42:34.9999999999Z",
    "2011-05-13T04:42:33.999999999Z",
    "2011-05-13T04:42:34+14:00",
    "2011-05-13T04:42:34-14:00",
    "2011-05-13T24:00:00Z",
    "2011-05-14T00:00:00Z",
    "2012-02-29T23:59:59Z",
    "2011-02-29T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "9999-12-31T24:00:00Z",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+14:00",
    "0000-01-01T00:00:00Z",
    "2011-05-13t04:42:34Z",
    "2011-05-13 04:42:34Z",
    "2011-05-13",
    "2011-05-13T04:42:34+0200",
    "2011-05-13T04:42:34+14:30",
    "2011-05-13T04:42:60Z",
    "2011-05-13T04:42:34.Z",
    "2011-05-13T04:42:34ZZ",
];

/// Numbers: small, negative, fractional, and at the edges of `i64`, `u64` and `f64`.
pub fn number_value(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(match weighted(u, &[6, 1, 1])? {
        0 => match u.int_in_range(0..=15u8)? {
            0 => json!(0),
            1 => json!(1),
            2 => json!(-1),
            3 => json!(42),
            4 => json!(1.5),
            5 => json!(-0.5),
            6 => json!(0.1),
            7 => json!(100.0),
            8 => json!(1e300),
            9 => json!(i64::MAX),
            10 => json!(i64::MIN),
            11 => json!(u64::MAX),
            12 => json!(9_007_199_254_740_993_i64),
            13 => json!(9_007_199_254_740_992.0_f64),
            14 => json!(-0.0),
            _ => json!(1234567),
        },
        1 => json!(u.arbitrary::<i64>()?),
        _ => {
            let f = u.arbitrary::<f64>()?;
            Number::from_f64(f).map_or(Value::Null, Value::Number)
        }
    })
}

/// A dateTime-like string: from the pool, or assembled from fields that may be out of range.
pub fn datetime(u: &mut Unstructured<'_>) -> Result<String> {
    if weighted(u, &[3, 2])? == 0 {
        return Ok(pick(u, DATETIMES)?.to_owned());
    }
    let year = u.int_in_range(0..=9999u16)?;
    let month = u.int_in_range(0..=13u8)?;
    let day = u.int_in_range(0..=32u8)?;
    let hour = u.int_in_range(0..=25u8)?;
    let minute = u.int_in_range(0..=60u8)?;
    let second = u.int_in_range(0..=60u8)?;
    let mut s = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
    if chance(u, 30)? {
        s.push('.');
        for _ in 0..u.int_in_range(1..=12u8)? {
            s.push(char::from(b'0' + u.int_in_range(0..=9u8)?));
        }
    }
    match weighted(u, &[2, 3, 2])? {
        0 => {}
        1 => s.push('Z'),
        _ => {
            let sign = if chance(u, 50)? { '+' } else { '-' };
            let h = u.int_in_range(0..=15u8)?;
            let m = *u.choose(&[0u8, 30, 45, 59, 60])?;
            s.push_str(&format!("{sign}{h:02}:{m:02}"));
        }
    }
    Ok(s)
}

/// A string value: mostly from the pool, sometimes random or a dateTime.
pub fn string_value(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(match weighted(u, &[6, 2, 1])? {
        0 => pick(u, STRINGS)?.to_owned(),
        1 => crate::ast::string(u, 8)?,
        _ => datetime(u)?,
    })
}

/// A value of any JSON type, shallow: what a resource holds where the schema wants another type.
pub fn wrong(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(match weighted(u, &[2, 1, 2, 2, 1, 1, 1])? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => number_value(u)?,
        3 => Value::String(string_value(u)?),
        4 => json!([]),
        5 => json!({}),
        _ => any_json(u, 2)?,
    })
}

/// Keys for arbitrary objects: attribute names in several spellings, URNs, odd names.
pub const KEYS: &[&str] = &[
    "userName",
    "USERNAME",
    "username",
    "name",
    "givenName",
    "familyName",
    "emails",
    "value",
    "VALUE",
    "type",
    "primary",
    "display",
    "active",
    "title",
    "meta",
    "lastModified",
    "created",
    "id",
    "externalId",
    "schemas",
    "members",
    "$ref",
    "age",
    "score",
    "tags",
    "manager",
    "employeeNumber",
    USER_URN,
    ENTERPRISE_URN,
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user",
    "",
];

/// Arbitrary JSON, nested up to `depth` levels, with keys from [`KEYS`].
pub fn any_json(u: &mut Unstructured<'_>, depth: u32) -> Result<Value> {
    let top = if depth == 0 { 4 } else { 6 };
    Ok(match weighted(u, &[2, 1, 2, 3, 2, 2][..top])? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => number_value(u)?,
        3 => Value::String(string_value(u)?),
        4 => {
            let n = u.int_in_range(0..=3u8)?;
            Value::Array(
                (0..n)
                    .map(|_| any_json(u, depth - 1))
                    .collect::<Result<_>>()?,
            )
        }
        _ => {
            let n = u.int_in_range(0..=4u8)?;
            let mut m = Map::new();
            for _ in 0..n {
                let k = pick(u, KEYS)?.to_owned();
                m.insert(k, any_json(u, depth - 1)?);
            }
            Value::Object(m)
        }
    })
}

/// Which pool a sub-attribute's values come from.
#[derive(Clone, Copy)]
enum Sub {
    Str,
    Type,
    Bool,
    Ref,
    Date,
}

fn sub_value(u: &mut Unstructured<'_>, kind: Sub, clean: bool) -> Result<Value> {
    if !clean && chance(u, 8)? {
        return wrong(u);
    }
    Ok(match kind {
        Sub::Str => Value::String(string_value(u)?),
        Sub::Type if clean => Value::String(pick(u, &["work", "home", "other"])?.to_owned()),
        Sub::Type => Value::String(
            pick(
                u,
                &[
                    "work", "home", "other", "Work", "WORK", "mobile", "xmpp", "direct", "photo",
                    "", "fax",
                ],
            )?
            .to_owned(),
        ),
        Sub::Bool if clean => Value::Bool(u.arbitrary()?),
        Sub::Bool => match weighted(u, &[8, 1])? {
            0 => Value::Bool(u.arbitrary()?),
            _ => Value::String(pick(u, &["true", "True", "False"])?.to_owned()),
        },
        Sub::Ref => Value::String(
            pick(
                u,
                &[
                    "https://example.com/Users/2819c223",
                    "HTTPS://EXAMPLE.COM/Users/2819c223",
                    "https://example.com/Groups/e9e30dba",
                    "urn:x",
                    "",
                ],
            )?
            .to_owned(),
        ),
        Sub::Date => Value::String(datetime(u)?),
    })
}

/// An object with some of `subs`, or (rarely) something else.
fn complex(u: &mut Unstructured<'_>, subs: &[(&str, Sub)], clean: bool) -> Result<Value> {
    if !clean && chance(u, 5)? {
        return wrong(u);
    }
    let mut m = Map::new();
    for &(name, kind) in subs {
        if chance(u, 55)? {
            m.insert(maybe_scramble(u, name)?, sub_value(u, kind, clean)?);
        }
    }
    if !clean && chance(u, 3)? {
        m.insert("nickname".to_owned(), Value::String(string_value(u)?));
    }
    Ok(Value::Object(m))
}

/// A multi-valued complex attribute: usually an array of objects.
fn multi(u: &mut Unstructured<'_>, subs: &[(&str, Sub)], clean: bool) -> Result<Value> {
    if clean {
        let n = u.int_in_range(0..=3u8)?;
        return Ok(Value::Array(
            (0..n)
                .map(|_| complex(u, subs, true))
                .collect::<Result<_>>()?,
        ));
    }
    Ok(match weighted(u, &[10, 1, 1, 1])? {
        0 => {
            let n = u.int_in_range(0..=3u8)?;
            let mut items = Vec::new();
            for _ in 0..n {
                items.push(match weighted(u, &[12, 1, 1])? {
                    0 => complex(u, subs, false)?,
                    1 => Value::Null,
                    _ => Value::String(string_value(u)?),
                });
            }
            Value::Array(items)
        }
        1 => complex(u, subs, false)?,
        2 => Value::Null,
        _ => wrong(u)?,
    })
}

const NAME_SUBS: &[(&str, Sub)] = &[
    ("formatted", Sub::Str),
    ("familyName", Sub::Str),
    ("givenName", Sub::Str),
    ("middleName", Sub::Str),
    ("honorificPrefix", Sub::Str),
];
const EMAIL_SUBS: &[(&str, Sub)] = &[
    ("value", Sub::Str),
    ("type", Sub::Type),
    ("primary", Sub::Bool),
    ("display", Sub::Str),
];
const PHOTO_SUBS: &[(&str, Sub)] = &[
    ("value", Sub::Ref),
    ("type", Sub::Type),
    ("primary", Sub::Bool),
];
const ADDRESS_SUBS: &[(&str, Sub)] = &[
    ("formatted", Sub::Str),
    ("locality", Sub::Str),
    ("postalCode", Sub::Str),
    ("country", Sub::Str),
    ("type", Sub::Type),
    ("primary", Sub::Bool),
];
const GROUP_SUBS: &[(&str, Sub)] = &[
    ("value", Sub::Str),
    ("$ref", Sub::Ref),
    ("display", Sub::Str),
    ("type", Sub::Type),
];
const META_SUBS: &[(&str, Sub)] = &[
    ("resourceType", Sub::Str),
    ("created", Sub::Date),
    ("lastModified", Sub::Date),
    ("location", Sub::Ref),
    ("version", Sub::Str),
];
const MANAGER_SUBS: &[(&str, Sub)] = &[
    ("value", Sub::Str),
    ("$ref", Sub::Ref),
    ("displayName", Sub::Str),
];

/// A string attribute's value, or (rarely) another type.
fn str_or_wrong(u: &mut Unstructured<'_>, clean: bool) -> Result<Value> {
    if !clean && chance(u, 6)? {
        wrong(u)
    } else {
        Ok(Value::String(string_value(u)?))
    }
}

fn put(u: &mut Unstructured<'_>, m: &mut Map<String, Value>, key: &str, v: Value) -> Result<()> {
    m.insert(maybe_scramble(u, key)?, v);
    Ok(())
}

/// A User-ish resource: the RFC 7643 User and enterprise extension attributes, in canonical or
/// other spellings, mostly of the right types, sometimes null, empty or of another type. About
/// half are *clean*: values of the schema's types, canonical `type`s, `schemas` and `userName`
/// present, no unknown members.
pub fn user(u: &mut Unstructured<'_>) -> Result<Value> {
    let clean = chance(u, 50)?;
    let mut m = Map::new();
    if clean || chance(u, 60)? {
        let mut schemas = vec![Value::String(maybe_scramble(u, USER_URN)?)];
        if chance(u, 40)? {
            schemas.push(Value::String(maybe_scramble(u, ENTERPRISE_URN)?));
        }
        put(u, &mut m, "schemas", Value::Array(schemas))?;
    }
    if chance(u, 70)? {
        let v = str_or_wrong(u, clean)?;
        put(u, &mut m, "id", v)?;
    }
    if chance(u, 20)? {
        let v = str_or_wrong(u, clean)?;
        put(u, &mut m, "externalId", v)?;
    }
    if clean || chance(u, 85)? {
        let v = str_or_wrong(u, clean)?;
        put(u, &mut m, "userName", v)?;
    }
    if chance(u, 45)? {
        let v = complex(u, NAME_SUBS, clean)?;
        put(u, &mut m, "name", v)?;
    }
    for key in [
        "displayName",
        "nickName",
        "profileUrl",
        "title",
        "userType",
        "preferredLanguage",
        "locale",
        "timezone",
        "password",
    ] {
        if chance(u, 12)? {
            let v = str_or_wrong(u, clean)?;
            put(u, &mut m, key, v)?;
        }
    }
    if chance(u, 40)? {
        let v = sub_value(u, Sub::Bool, clean)?;
        put(u, &mut m, "active", v)?;
    }
    if chance(u, 60)? {
        let v = multi(u, EMAIL_SUBS, clean)?;
        put(u, &mut m, "emails", v)?;
    }
    for (key, subs) in [
        ("phoneNumbers", EMAIL_SUBS),
        ("ims", EMAIL_SUBS),
        ("photos", PHOTO_SUBS),
        ("addresses", ADDRESS_SUBS),
        ("groups", GROUP_SUBS),
        ("entitlements", EMAIL_SUBS),
        ("roles", EMAIL_SUBS),
        ("x509Certificates", EMAIL_SUBS),
    ] {
        if chance(u, 10)? {
            let v = multi(u, subs, clean)?;
            put(u, &mut m, key, v)?;
        }
    }
    if chance(u, 40)? {
        let v = complex(u, META_SUBS, clean)?;
        put(u, &mut m, "meta", v)?;
    }
    if chance(u, 40)? {
        let mut ext = Map::new();
        for key in [
            "employeeNumber",
            "costCenter",
            "organization",
            "division",
            "department",
        ] {
            if chance(u, 35)? {
                let v = str_or_wrong(u, clean)?;
                put(u, &mut ext, key, v)?;
            }
        }
        if chance(u, 40)? {
            let v = match weighted(u, &[6, 1, 1])? {
                0 => complex(u, MANAGER_SUBS, clean)?,
                1 => json!({}),
                _ => Value::String(string_value(u)?),
            };
            put(u, &mut ext, "manager", v)?;
        }
        let v = if !clean && chance(u, 5)? {
            wrong(u)?
        } else {
            Value::Object(ext)
        };
        put(u, &mut m, ENTERPRISE_URN, v)?;
    }
    if !clean && chance(u, 8)? {
        let key = pick(
            u,
            &[
                "shoeSize",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
                "urn:ietf:params:scim:schemas:core:2.0:User:userName",
                "nickname",
                "age",
            ],
        )?;
        let v = any_json(u, 1)?;
        m.insert(key.to_owned(), v);
    }
    Ok(Value::Object(m))
}
