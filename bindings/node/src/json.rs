//! Whole JSON values across the boundary: a JavaScript value converted into a
//! [`serde_json::Value`] (PATCH works on the whole resource) and back.
//!
//! A value is read as `JSON.stringify` would see it — own enumerable string-keyed members (getters
//! run), `undefined` members left out, `undefined` elements and holes `null` — except that what
//! `JSON.stringify` would silently change is refused with a `TypeError` naming where it is:
//! functions, symbols, bigints, `NaN` and the infinities, `Date`s, typed arrays, `ArrayBuffer`s,
//! `DataView`s, strings with a lone surrogate, and cycles. Nesting deeper than JSON text may be
//! (see [`MAX_DEPTH`]) is a `ScimError` (`invalidSyntax`), as the same value given as text is.

use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, Null, Object, ToNapiValue};
use napi::{
    Env, JsString, JsValue, KeyCollectionMode, KeyConversion, KeyFilter, Property,
    PropertyAttributes, Result, Unknown, ValueType,
};
use scimkit::{Error, ErrorKind};
use serde_json::{Map, Number, Value};

use crate::convert::{describe, scim_error, type_error};

/// The deepest nesting of arrays and objects that is read: what `serde_json` parses from text
/// (127 levels; the 128th is its "recursion limit exceeded"), so that an object and its JSON text
/// are accepted alike. It also bounds the native stack used here and in the core.
pub(crate) const MAX_DEPTH: usize = 127;

/// `2^63` and `2^64`, the ends of the `i64` and `u64` ranges, as doubles (exactly).
const TWO_63: f64 = 9_223_372_036_854_775_808.0;
const TWO_64: f64 = 18_446_744_073_709_551_616.0;

/// One step of the path to a value, for error messages.
enum Step {
    Key(String),
    Index(u32),
}

/// Converts one JavaScript value (see the [module documentation](self)).
pub(crate) struct ToJson<'a, 'env> {
    env: &'env Env,
    /// The global `Array`, to read `Proxy`s of arrays (`instanceof Array`) as arrays.
    array: Unknown<'env>,
    /// What the value is, for messages: `resource`, `patch`.
    what: &'a str,
    path: Vec<Step>,
    /// The arrays and objects being read, outermost first, with the path length where each is.
    open: Vec<(Unknown<'env>, usize)>,
}

impl<'a, 'env> ToJson<'a, 'env> {
    /// Converts `v`, called `what` in messages.
    pub(crate) fn convert(env: &'env Env, v: Unknown<'env>, what: &'a str) -> Result<Value> {
        let mut this = ToJson {
            env,
            array: env.get_global()?.get_named_property_unchecked("Array")?,
            what,
            path: Vec::new(),
            open: Vec::new(),
        };
        this.value(v)
    }

    /// Where the value at `path[..len]` is: `patch.Operations[0].value`.
    fn location(&self, len: usize) -> String {
        let mut out = self.what.to_owned();
        for step in &self.path[..len] {
            match step {
                Step::Index(i) => out.push_str(&format!("[{i}]")),
                Step::Key(k) if is_identifier(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Step::Key(k) => out.push_str(&format!("[{}]", Value::String(k.clone()))),
            }
        }
        out
    }

    fn not_json(&self, what: impl std::fmt::Display) -> napi::Error {
        self.not_json_hint(what, "")
    }

    fn not_json_hint(&self, what: impl std::fmt::Display, hint: &str) -> napi::Error {
        type_error(
            self.env,
            format!(
                "{} is {what}, which is not a JSON value{hint}",
                self.location(self.path.len())
            ),
        )
    }

    fn value(&mut self, v: Unknown<'env>) -> Result<Value> {
        match v.get_type()? {
            // `undefined` reaches here only as an array element (members holding it are left
            // out): `null`, as in `JSON.stringify`.
            ValueType::Undefined | ValueType::Null => Ok(Value::Null),
            ValueType::Boolean => Ok(Value::Bool(bool::from_unknown(v)?)),
            ValueType::Number => self.number(f64::from_unknown(v)?),
            ValueType::String => self.string(v).map(Value::String),
            ValueType::Object => self.object(v),
            _ => Err(self.not_json(describe(v)?)),
        }
    }

    /// A number as `serde_json` parses the text `JSON.stringify` writes for it: an integer
    /// when it is integral and fits an `i64` or `u64` (`-0` is `0`), else a double.
    fn number(&self, f: f64) -> Result<Value> {
        if f.is_nan() {
            return Err(self.not_json("NaN"));
        }
        if f.is_infinite() {
            return Err(self.not_json(if f > 0.0 { "Infinity" } else { "-Infinity" }));
        }
        if f.fract() == 0.0 {
            if (-TWO_63..TWO_63).contains(&f) {
                return Ok(Value::from(f as i64));
            }
            if (0.0..TWO_64).contains(&f) {
                return Ok(Value::from(f as u64));
            }
        }
        Ok(Number::from_f64(f).map_or(Value::Null, Value::Number))
    }

    /// A string, refused when it is not well-formed UTF-16 (a lone surrogate has no UTF-8 form;
    /// napi would replace it with U+FFFD).
    fn string(&self, v: Unknown<'env>) -> Result<String> {
        let s = String::from_unknown(v)?;
        if s.contains('\u{FFFD}') && JsString::from_unknown(v)?.into_utf16()?.as_str().is_err() {
            return Err(self.not_json("a string with a lone surrogate"));
        }
        Ok(s)
    }

    fn object(&mut self, v: Unknown<'env>) -> Result<Value> {
        let obj = Object::from_raw(self.env.raw(), v.raw());
        let len = if v.is_array()? {
            Some(obj.get_array_length_unchecked()?)
        } else if v.instanceof(self.array)? {
            // A `Proxy` of an array: read through `length` and indices, as `Array.prototype`
            // methods do. (`as` saturates: NaN and negatives are 0.)
            let len: Unknown<'_> = obj.get_named_property_unchecked("length")?;
            Some(match len.get_type()? {
                ValueType::Number => f64::from_unknown(len)? as u32,
                _ => 0,
            })
        } else if v.is_date()? {
            return Err(self.not_json_hint("a Date", " (give dates as ISO 8601 strings)"));
        } else if v.is_typedarray()? {
            return Err(self.not_json("a typed array or Buffer"));
        } else if v.is_arraybuffer()? {
            return Err(self.not_json("an ArrayBuffer"));
        } else if v.is_dataview()? {
            return Err(self.not_json("a DataView"));
        } else {
            None
        };
        self.enter(v)?;
        let out = match len {
            Some(len) => self.elements(&obj, len),
            None => self.members(&obj),
        };
        self.open.pop();
        out
    }

    /// Checks that `v` is not one of the values being read (a cycle) and that it is not nested
    /// too deep, then marks it as being read.
    fn enter(&mut self, v: Unknown<'env>) -> Result<()> {
        for &(open, at) in &self.open {
            if self.env.strict_equals(open, v)? {
                return Err(type_error(
                    self.env,
                    format!(
                        "{} refers back to {}: a cycle, which JSON cannot represent",
                        self.location(self.path.len()),
                        self.location(at)
                    ),
                ));
            }
        }
        if self.open.len() >= MAX_DEPTH {
            let err = Error::new(
                ErrorKind::InvalidSyntax,
                format!(
                    "the {} is nested more than {MAX_DEPTH} levels deep",
                    self.what
                ),
            );
            return Err(scim_error(self.env, &err));
        }
        self.open.push((v, self.path.len()));
        Ok(())
    }

    fn elements(&mut self, array: &Object<'env>, len: u32) -> Result<Value> {
        let mut out = Vec::with_capacity(len.min(1 << 16) as usize);
        for i in 0..len {
            let element: Unknown<'env> = array.get_element(i)?;
            self.path.push(Step::Index(i));
            let value = self.value(element);
            self.path.pop();
            out.push(value?);
        }
        Ok(Value::Array(out))
    }

    fn members(&mut self, obj: &Object<'env>) -> Result<Value> {
        let keys = obj.get_all_property_names(
            KeyCollectionMode::OwnOnly,
            KeyFilter::Enumerable,
            KeyConversion::NumbersToStrings,
        )?;
        let mut out = Map::new();
        for i in 0..keys.get_array_length_unchecked()? {
            let key: Unknown<'env> = keys.get_element(i)?;
            // Symbol keys are not JSON members.
            if key.get_type()? != ValueType::String {
                continue;
            }
            let name = self.string(key).map_err(|_| {
                type_error(
                    self.env,
                    format!(
                        "{} has a member name with a lone surrogate, which is not JSON",
                        self.location(self.path.len())
                    ),
                )
            })?;
            let value: Unknown<'env> = obj.get_property(JsString::from_unknown(key)?)?;
            if value.get_type()? == ValueType::Undefined {
                continue;
            }
            self.path.push(Step::Key(name));
            let converted = self.value(value);
            let Some(Step::Key(name)) = self.path.pop() else {
                unreachable!("the step pushed above")
            };
            out.insert(name, converted?);
        }
        Ok(Value::Object(out))
    }
}

/// Can `key` follow a `.` in a JavaScript expression?
fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// `v` as a JavaScript value, as `JSON.parse` would build it: fresh plain objects and arrays,
/// numbers as doubles, every member an own data property (`__proto__` included).
pub(crate) fn json_to_js<'env>(env: &'env Env, v: &Value) -> Result<Unknown<'env>> {
    match v {
        Value::Null => Null.into_unknown(env),
        Value::Bool(b) => b.into_unknown(env),
        Value::Number(n) => n.as_f64().unwrap_or(f64::NAN).into_unknown(env),
        Value::String(s) => s.as_str().into_unknown(env),
        Value::Array(items) => {
            let mut array = env.create_array(items.len() as u32)?;
            for (i, item) in (0u32..).zip(items) {
                array.set(i, json_to_js(env, item)?)?;
            }
            array.into_unknown(env)
        }
        Value::Object(members) => {
            // Defined, not assigned: an assignment would run setters inherited from
            // `Object.prototype` (`__proto__`'s, or a polluter's) and fail on its read-only
            // members; `JSON.parse` creates own data properties.
            let mut obj = Object::new(env)?;
            let attributes = PropertyAttributes::Writable
                | PropertyAttributes::Enumerable
                | PropertyAttributes::Configurable;
            let mut properties = Vec::with_capacity(members.len());
            for (k, item) in members {
                properties.push(
                    Property::new()
                        .with_name(env, k.as_str())?
                        .with_value(&json_to_js(env, item)?)
                        .with_property_attributes(attributes),
                );
            }
            obj.define_properties(&properties)?;
            Ok(obj.to_unknown())
        }
    }
}
