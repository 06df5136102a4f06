//! Python objects read in place through the core's [`JsonRef`] trait: evaluation touches only
//! the members a filter names and never converts a resource whole.
//!
//! `dict` is an object, `list` and `tuple` are arrays, `str`, `bool`, `int`, `float` and `None`
//! are scalars, and anything else is [`Kind::Other`] (never equal to anything). Subclasses count
//! as their base type and are read through the C API, so overridden `__getitem__`, `get` or
//! `__iter__` methods are not called. Evaluation never fails: a lookup that raises (an exotic
//! key's `__eq__`) finds nothing, and dicts are walked over a snapshot of their keys.

use std::cell::RefCell;
use std::sync::{Arc, Mutex, PoisonError};

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use scimkit::value::{JsonRef, Kind, Num};

/// The member names a filter looks up, as interned Python strings, kept with the filter: it
/// asks for the same few names of every resource, and a dict lookup with a `str` whose hash is
/// already known allocates nothing.
#[derive(Default)]
pub(crate) struct Names(Mutex<Vec<(Arc<str>, Py<PyString>)>>);

/// How many names [`Names`] keeps (a filter names far fewer).
const MAX_NAMES: usize = 64;

/// [`Names`] during one call, with the names used so far at hand without locking.
pub(crate) struct Keys<'a, 'py> {
    py: Python<'py>,
    shared: &'a Names,
    local: RefCell<Vec<(Arc<str>, Bound<'py, PyString>)>>,
}

impl<'a, 'py> Keys<'a, 'py> {
    pub(crate) fn new(py: Python<'py>, shared: &'a Names) -> Keys<'a, 'py> {
        Keys {
            py,
            shared,
            local: RefCell::new(Vec::new()),
        }
    }

    fn get(&self, name: &str) -> Bound<'py, PyString> {
        if let Ok(local) = self.local.try_borrow() {
            if let Some((_, s)) = local.iter().find(|(n, _)| **n == *name) {
                return s.clone();
            }
        }
        // The lock is never held while Python runs (interning allocates, and an allocation can
        // run a finalizer that uses this very filter, or let another thread in).
        let known = {
            let shared = self.shared.0.lock().unwrap_or_else(PoisonError::into_inner);
            shared
                .iter()
                .find(|(n, _)| **n == *name)
                .map(|(n, s)| (Arc::clone(n), s.clone_ref(self.py)))
        };
        let (n, s) = match known {
            Some((n, s)) => (n, s.into_bound(self.py)),
            None => {
                let n: Arc<str> = name.into();
                let s = PyString::intern(self.py, name);
                let mut shared = self.shared.0.lock().unwrap_or_else(PoisonError::into_inner);
                if shared.len() < MAX_NAMES && !shared.iter().any(|(m, _)| **m == *name) {
                    shared.push((Arc::clone(&n), s.clone().unbind()));
                }
                (n, s)
            }
        };
        if let Ok(mut local) = self.local.try_borrow_mut() {
            local.push((n, s.clone()));
        }
        s
    }
}

/// A Python value as the evaluator sees it.
#[derive(Clone)]
pub(crate) struct PyJson<'a, 'py> {
    obj: Bound<'py, PyAny>,
    keys: &'a Keys<'a, 'py>,
}

impl<'a, 'py> PyJson<'a, 'py> {
    pub(crate) fn new(obj: Bound<'py, PyAny>, keys: &'a Keys<'a, 'py>) -> PyJson<'a, 'py> {
        PyJson { obj, keys }
    }

    fn wrap(&self, obj: Bound<'py, PyAny>) -> PyJson<'a, 'py> {
        PyJson {
            obj,
            keys: self.keys,
        }
    }
}

/// The value of `key` in `dict`, reading the dict's own storage. A lookup error (raised by the
/// `__eq__` of some exotic key) counts as "no such member": evaluation never fails.
fn lookup<'py>(dict: &Bound<'py, PyDict>, key: &Bound<'py, PyAny>) -> Option<Bound<'py, PyAny>> {
    dict.get_item(key).ok().flatten()
}

impl JsonRef for PyJson<'_, '_> {
    fn kind(&self) -> Kind<'_> {
        let obj = &self.obj;
        if obj.is_none() {
            Kind::Null
        } else if let Ok(s) = obj.cast::<PyString>() {
            // Borrows the UTF-8 where the ABI allows it (Python 3.10+ or a non-abi3 build);
            // lone surrogates have no UTF-8 form and match nothing.
            s.to_cow().map_or(Kind::Other, Kind::String)
        } else if let Ok(b) = obj.cast::<PyBool>() {
            Kind::Bool(b.is_true())
        } else if obj.is_instance_of::<PyInt>() {
            // Like serde_json: an i64 when it fits, else the nearest f64 (NaN beyond f64 range,
            // as the core does for a number it cannot represent).
            Kind::Number(match obj.extract::<i64>() {
                Ok(i) => Num::from_i64(i),
                Err(_) => Num {
                    int: None,
                    float: obj.extract::<f64>().unwrap_or(f64::NAN),
                },
            })
        } else if let Ok(f) = obj.cast::<PyFloat>() {
            // Like a serde_json float: never an integer, even when integral.
            Kind::Number(Num {
                int: None,
                float: f.value(),
            })
        } else if obj.is_instance_of::<PyDict>() {
            Kind::Object
        } else if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            Kind::Array
        } else {
            Kind::Other
        }
    }

    #[inline]
    fn is_array(&self) -> bool {
        self.obj.is_instance_of::<PyList>() || self.obj.is_instance_of::<PyTuple>()
    }

    #[inline]
    fn is_object(&self) -> bool {
        self.obj.is_instance_of::<PyDict>()
    }

    #[inline]
    fn is_null(&self) -> bool {
        self.obj.is_none()
    }

    fn get_exact(&self, key: &str) -> Option<Self> {
        let dict = self.obj.cast::<PyDict>().ok()?;
        lookup(dict, self.keys.get(key).as_any()).map(|v| self.wrap(v))
    }

    /// The trait's rule (exact name first, then the first member whose name is equal ignoring
    /// ASCII case), without decoding member names that cannot be equal: when `key` is ASCII a
    /// match has exactly `key.len()` code points.
    fn get(&self, key: &str) -> Option<Self> {
        let dict = self.obj.cast::<PyDict>().ok()?;
        if let Some(v) = lookup(dict, self.keys.get(key).as_any()) {
            return Some(self.wrap(v));
        }
        let ascii = key.is_ascii();
        // `keys()` is a snapshot, so a dict changed meanwhile cannot upset the walk.
        for name in dict.keys().iter() {
            let Ok(s) = name.cast::<PyString>() else {
                continue;
            };
            if ascii && s.code_point_len().ok() != Some(key.len()) {
                continue;
            }
            if s.to_cow().is_ok_and(|n| n.eq_ignore_ascii_case(key)) {
                return lookup(dict, &name).map(|v| self.wrap(v));
            }
        }
        None
    }

    fn any_member(&self, f: &mut dyn FnMut(&str, Self) -> bool) -> bool {
        let Ok(dict) = self.obj.cast::<PyDict>() else {
            return false;
        };
        dict.keys().iter().any(|name| {
            let Ok(s) = name.cast::<PyString>() else {
                return false;
            };
            let Ok(n) = s.to_cow() else {
                return false;
            };
            lookup(dict, &name).is_some_and(|v| f(&n, self.wrap(v)))
        })
    }

    fn any_element(&self, f: &mut dyn FnMut(Self) -> bool) -> bool {
        if let Ok(list) = self.obj.cast::<PyList>() {
            // The list iterator re-reads the length at every step.
            list.iter().any(|e| f(self.wrap(e)))
        } else if let Ok(tuple) = self.obj.cast::<PyTuple>() {
            tuple.iter().any(|e| f(self.wrap(e)))
        } else {
            false
        }
    }
}
