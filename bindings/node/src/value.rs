//! Evaluation in place: [`JsonRef`] over JavaScript values.
//!
//! A [`JsNode`] is a handle to a value inside the caller's object graph. The evaluator asks it
//! for the members and elements the filter names, one napi call at a time; nothing is converted
//! up front and members the filter does not name are never read. Only scalars that are compared
//! are copied out (a string into a Rust `String`, a number into an `f64`).
//!
//! Values are read as `JSON.stringify` would write them, so that an object and its JSON text
//! always give the same answer:
//!
//! | JavaScript value | [`Kind`] |
//! |---|---|
//! | `null`, `undefined` | `Null`; a member holding `undefined` is absent |
//! | boolean | `Bool` |
//! | number | `Number` (`int` set when the number is a safe integer) |
//! | string | `String` |
//! | array, or an object `instanceof Array` (a `Proxy` of an array) | `Array` |
//! | any other object (plain objects, class instances, proxies) | `Object`: own enumerable string keys |
//! | `Date`, typed arrays, `Buffer`, `ArrayBuffer`, `DataView`, functions, symbols, bigints | `Other` |
//!
//! Members are own properties only: nothing inherited is a member (a polluted
//! `Object.prototype`, a getter on a class).
//!
//! A napi call can fail only when JavaScript code run by the read throws (a getter, a `Proxy`
//! trap). The first failure is kept in the [`Reader`]; from then on every read answers "absent"
//! and the binding returns the failure, so the exception reaches the caller.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, Object};
use napi::{
    Env, JsString, JsValue, KeyCollectionMode, KeyConversion, KeyFilter, Result, Unknown, ValueType,
};
use scimkit::value::{JsonRef, Kind, Num};

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// State shared by every node of one evaluation (one `matches` or `filter` call): the `Array`
/// constructor and the first failed napi call.
pub(crate) struct Reader<'r> {
    array: Unknown<'r>,
    failure: RefCell<Option<napi::Error>>,
}

impl<'r> Reader<'r> {
    /// A reader for values of `env`.
    pub(crate) fn new(env: &'r Env) -> Result<Reader<'r>> {
        Ok(Reader {
            array: env.get_global()?.get_named_property_unchecked("Array")?,
            failure: RefCell::new(None),
        })
    }

    /// The global `Array` (as the reader found it).
    pub(crate) fn array_constructor(&self) -> Unknown<'r> {
        self.array
    }

    /// The value of `result`, remembering the error if it is the first.
    fn ok<T>(&self, result: Result<T>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                if let Ok(mut slot) = self.failure.try_borrow_mut() {
                    slot.get_or_insert(e);
                }
                None
            }
        }
    }

    fn failed(&self) -> bool {
        self.failure.try_borrow().map_or(true, |f| f.is_some())
    }

    /// `Err` with the first failure, if a read failed.
    pub(crate) fn check(&self) -> Result<()> {
        match self
            .failure
            .try_borrow_mut()
            .ok()
            .and_then(|mut f| f.take())
        {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// What a value is. Found in two steps, each at most once per node: [`JsNode::shape`] (the
/// `typeof` and, for objects, whether it is array-like), which is all that reading members
/// needs, and [`JsNode::class`], which tells plain objects from `Date`s, typed arrays and the
/// like.
#[derive(Clone, Copy, Debug)]
enum Class {
    /// `undefined`: a null, except that a member holding it is absent.
    Undefined,
    Null,
    Bool(bool),
    Number(Num),
    String,
    Array,
    /// An object that is `instanceof Array` without being an array: a `Proxy` of one (a Vue,
    /// MobX or Immer array). Read through `length` and indices.
    ArrayLike,
    /// An object that is not an array, not yet told apart from `Date` & co.
    AnyObject,
    Object,
    Other,
}

/// A JavaScript value read in place (see the [module documentation](self)).
#[derive(Clone)]
pub(crate) struct JsNode<'r> {
    value: Unknown<'r>,
    reader: &'r Reader<'r>,
    class: Cell<Option<Class>>,
}

impl<'r> JsNode<'r> {
    /// The root of a resource: `value` is an object and not an array.
    pub(crate) fn object(value: Unknown<'r>, reader: &'r Reader<'r>) -> Self {
        let node = JsNode::new(value, reader);
        node.class.set(Some(Class::AnyObject));
        node
    }

    fn new(value: Unknown<'r>, reader: &'r Reader<'r>) -> Self {
        JsNode {
            value,
            reader,
            class: Cell::new(None),
        }
    }

    fn child(&self, value: Unknown<'r>) -> Self {
        JsNode::new(value, self.reader)
    }

    fn as_object(&self) -> Object<'r> {
        Object::from_raw(self.value.value().env, self.value.raw())
    }

    /// The class, with objects possibly left as [`Class::AnyObject`].
    fn shape(&self) -> Class {
        if let Some(c) = self.class.get() {
            return c;
        }
        let c = self.find_shape().unwrap_or(Class::Other);
        self.class.set(Some(c));
        c
    }

    fn find_shape(&self) -> Option<Class> {
        let r = self.reader;
        if r.failed() {
            return None;
        }
        let v = self.value;
        Some(match r.ok(v.get_type())? {
            ValueType::Undefined => Class::Undefined,
            ValueType::Null => Class::Null,
            ValueType::Boolean => Class::Bool(r.ok(bool::from_unknown(v))?),
            ValueType::Number => Class::Number(number(r.ok(f64::from_unknown(v))?)),
            ValueType::String => Class::String,
            ValueType::Object if r.ok(v.is_array())? => Class::Array,
            ValueType::Object if r.ok(v.instanceof(r.array))? => Class::ArrayLike,
            ValueType::Object => Class::AnyObject,
            _ => Class::Other,
        })
    }

    /// The class, objects included.
    fn class(&self) -> Class {
        match self.shape() {
            Class::AnyObject => {
                let c = if self.is_exotic().unwrap_or(true) {
                    Class::Other
                } else {
                    Class::Object
                };
                self.class.set(Some(c));
                c
            }
            c => c,
        }
    }

    /// A `Date`, typed array (`Buffer`), `ArrayBuffer` or `DataView`: not JSON.
    fn is_exotic(&self) -> Option<bool> {
        let (r, v) = (self.reader, self.value);
        Some(
            r.ok(v.is_date())?
                || r.ok(v.is_typedarray())?
                || r.ok(v.is_arraybuffer())?
                || r.ok(v.is_dataview())?,
        )
    }

    /// True for objects that are not arrays (`Date` & co. included: they have no members that
    /// are attribute names, so reading them gives the same answers either way).
    fn has_members(&self) -> bool {
        matches!(self.shape(), Class::AnyObject | Class::Object)
    }

    /// The own enumerable string keys of an object, as an array.
    fn keys(&self) -> Option<Object<'r>> {
        let keys = self.as_object().get_all_property_names(
            KeyCollectionMode::OwnOnly,
            KeyFilter::Enumerable,
            KeyConversion::NumbersToStrings,
        );
        self.reader.ok(keys)
    }

    /// Calls `f` with each own enumerable string key, as a JavaScript value, until it returns
    /// `true`; returns that key. `f` also gets the key's length in bytes of UTF-8, so that it
    /// can skip keys without copying them.
    fn find_key(
        &self,
        f: &mut dyn FnMut(JsString<'r>, usize) -> Option<bool>,
    ) -> Option<JsString<'r>> {
        let r = self.reader;
        let keys = self.keys()?;
        let len = r.ok(keys.get_array_length_unchecked())?;
        for i in 0..len {
            let key: JsString<'r> = r.ok(keys.get_element(i))?;
            // `KeyFilter::Enumerable` keeps symbol keys, which are not JSON members: they have no
            // UTF-8 length. (A failed length query throws nothing.)
            let Ok(bytes) = key.utf8_len() else { continue };
            if f(key, bytes)? {
                return Some(key);
            }
        }
        None
    }

    /// The text of a key.
    fn key_text(&self, key: JsString<'r>) -> Option<String> {
        self.reader.ok(key.into_utf8().and_then(|k| k.into_owned()))
    }

    /// The `length` of an array-like object, as `Array.prototype` methods read it.
    fn length(&self) -> Option<u32> {
        let len: Unknown<'r> = self
            .reader
            .ok(self.as_object().get_named_property_unchecked("length"))?;
        let len = match self.reader.ok(len.get_type())? {
            ValueType::Number => self.reader.ok(f64::from_unknown(len))?,
            _ => 0.0,
        };
        // `as` saturates: NaN and negatives are 0, huge lengths u32::MAX.
        Some(len as u32)
    }

    /// The value of the own property `key`; `None` when it is `undefined`.
    fn member(&self, key: JsString<'r>) -> Option<Self> {
        let value = self.child(self.reader.ok(self.as_object().get_property(key))?);
        (!matches!(value.shape(), Class::Undefined)).then_some(value)
    }
}

/// A JavaScript number as evaluation sees it: an integer when it is a safe integer.
fn number(f: f64) -> Num {
    if f.fract() == 0.0 && f.abs() <= MAX_SAFE_INTEGER {
        Num::from_i64(f as i64)
    } else {
        Num {
            int: None,
            float: f,
        }
    }
}

impl JsonRef for JsNode<'_> {
    fn kind(&self) -> Kind<'_> {
        match self.class() {
            Class::Undefined | Class::Null => Kind::Null,
            Class::Bool(b) => Kind::Bool(b),
            Class::Number(n) => Kind::Number(n),
            Class::String => match self.reader.ok(String::from_unknown(self.value)) {
                Some(s) => Kind::String(Cow::Owned(s)),
                None => Kind::Other,
            },
            Class::Array | Class::ArrayLike => Kind::Array,
            Class::Object => Kind::Object,
            Class::AnyObject | Class::Other => Kind::Other,
        }
    }

    /// The own property `key`. A member whose value is `undefined` is absent, as in
    /// `JSON.stringify`.
    fn get_exact(&self, key: &str) -> Option<Self> {
        if !self.has_members() || key.contains('\0') {
            return None;
        }
        let r = self.reader;
        let obj = self.as_object();
        // Own properties only: nothing inherited (a polluted `Object.prototype`, a method, a
        // getter on a class) is a member, and no inherited getter runs.
        if !r.ok(obj.has_own_property(key))? {
            return None;
        }
        let value = self.child(r.ok(obj.get_named_property_unchecked(key))?);
        (!matches!(value.shape(), Class::Undefined)).then_some(value)
    }

    fn get(&self, key: &str) -> Option<Self> {
        if let Some(v) = self.get_exact(key) {
            return Some(v);
        }
        if !self.has_members() {
            return None;
        }
        // Only keys of the same length are copied, and only a matching member is read. A member
        // holding `undefined` is absent (as in `JSON.stringify`), so the search goes on past it.
        let mut found = None;
        self.find_key(&mut |k, bytes| {
            if bytes != key.len() || !self.key_text(k)?.eq_ignore_ascii_case(key) {
                return Some(false);
            }
            found = self.member(k);
            Some(found.is_some())
        });
        found
    }

    fn any_member(&self, f: &mut dyn FnMut(&str, Self) -> bool) -> bool {
        if !self.has_members() {
            return false;
        }
        self.find_key(&mut |key, _| {
            let name = self.key_text(key)?;
            Some(self.member(key).is_some_and(|value| f(&name, value)))
        })
        .is_some()
    }

    fn any_element(&self, f: &mut dyn FnMut(Self) -> bool) -> bool {
        let r = self.reader;
        let array = self.as_object();
        let len = match self.shape() {
            Class::Array => r.ok(array.get_array_length_unchecked()),
            Class::ArrayLike => self.length(),
            _ => None,
        };
        let Some(len) = len else {
            return false;
        };
        for i in 0..len {
            let Some(element) = r.ok(array.get_element::<Unknown<'_>>(i)) else {
                return false;
            };
            if f(self.child(element)) {
                return true;
            }
        }
        false
    }

    fn is_array(&self) -> bool {
        matches!(self.shape(), Class::Array | Class::ArrayLike)
    }

    fn is_object(&self) -> bool {
        matches!(self.class(), Class::Object)
    }

    fn is_null(&self) -> bool {
        matches!(self.shape(), Class::Undefined | Class::Null)
    }
}

/// A resource of a list that may mix objects, read in place, and JSON text, parsed in Rust: one
/// [`JsonRef`] type for both, so that the core reads a whole list through one type.
#[derive(Clone)]
pub(crate) enum Node<'r> {
    /// A JavaScript value, read in place.
    Js(JsNode<'r>),
    /// A parsed JSON value.
    Json(&'r serde_json::Value),
}

impl JsonRef for Node<'_> {
    fn kind(&self) -> Kind<'_> {
        match self {
            Node::Js(n) => n.kind(),
            Node::Json(v) => JsonRef::kind(v),
        }
    }

    fn get_exact(&self, key: &str) -> Option<Self> {
        match self {
            Node::Js(n) => n.get_exact(key).map(Node::Js),
            Node::Json(v) => JsonRef::get_exact(v, key).map(Node::Json),
        }
    }

    fn get(&self, key: &str) -> Option<Self> {
        match self {
            Node::Js(n) => n.get(key).map(Node::Js),
            Node::Json(v) => JsonRef::get(v, key).map(Node::Json),
        }
    }

    fn any_member(&self, f: &mut dyn FnMut(&str, Self) -> bool) -> bool {
        match self {
            Node::Js(n) => n.any_member(&mut |k, v| f(k, Node::Js(v))),
            Node::Json(v) => JsonRef::any_member(v, &mut |k, v| f(k, Node::Json(v))),
        }
    }

    fn any_element(&self, f: &mut dyn FnMut(Self) -> bool) -> bool {
        match self {
            Node::Js(n) => n.any_element(&mut |e| f(Node::Js(e))),
            Node::Json(v) => JsonRef::any_element(v, &mut |e| f(Node::Json(e))),
        }
    }

    fn is_array(&self) -> bool {
        match self {
            Node::Js(n) => n.is_array(),
            Node::Json(v) => JsonRef::is_array(v),
        }
    }

    fn is_object(&self) -> bool {
        match self {
            Node::Js(n) => n.is_object(),
            Node::Json(v) => JsonRef::is_object(v),
        }
    }

    fn is_null(&self) -> bool {
        match self {
            Node::Js(n) => n.is_null(),
            Node::Json(v) => JsonRef::is_null(v),
        }
    }
}
