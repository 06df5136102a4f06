//! The PatchOp message (RFC 7644 §3.5.2): `schemas`, `Operations` of `op`, `path`, `value`.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::{PatchOptions, PatchOutcome};
use crate::diag;
use crate::error::{Error, ErrorKind, Result};
use crate::filter::PatchPath;
use crate::schema::Schemas;

/// The schema URI of a PATCH request (RFC 7644 §3.5.2).
pub const PATCH_OP_URN: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// A PATCH operation (RFC 7644 §3.5.2.1–3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `add`.
    Add,
    /// `remove`.
    Remove,
    /// `replace`.
    Replace,
}

impl Op {
    /// The lower-case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Op::Add => "add",
            Op::Remove => "remove",
            Op::Replace => "replace",
        }
    }

    /// The operation named `name`, case-insensitively (`"Add"`, `"REPLACE"`).
    pub fn from_name(name: &str) -> Option<Op> {
        [Op::Add, Op::Remove, Op::Replace]
            .into_iter()
            .find(|op| op.as_str().eq_ignore_ascii_case(name))
    }
}

/// One operation of a [`PatchRequest`].
#[derive(Debug, Clone)]
pub struct Operation {
    /// What to do.
    pub op: Op,
    /// Where, parsed; `None` when the operation has no `path`.
    pub path: Option<PatchPath>,
    /// The path's text (for error rendering).
    pub(crate) path_text: Option<Arc<str>>,
    /// The value, if the operation has one.
    pub value: Option<Value>,
}

impl Operation {
    /// The `path` as written.
    pub fn path_text(&self) -> Option<&str> {
        self.path_text.as_deref()
    }
}

/// A parsed PatchOp message.
#[derive(Debug, Clone)]
pub struct PatchRequest {
    operations: Vec<Operation>,
}

/// The member `key` of `obj`, matched case-insensitively (RFC 7643 §2.1).
fn member<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

impl PatchRequest {
    /// Reads a PatchOp message with the default (strict RFC) options.
    pub fn from_json(message: &Value) -> Result<PatchRequest> {
        PatchRequest::from_json_with(message, &PatchOptions::default())
    }

    /// Reads a PatchOp message: `schemas` must list [`PATCH_OP_URN`] and `Operations` must be a
    /// non-empty array (`invalidSyntax`); each operation needs an `op` of add, remove or replace
    /// (any case; `invalidSyntax`), a `value` for add and replace (`invalidValue`), no `value`
    /// for remove unless the profile allows it (`invalidSyntax`), and a `path` that parses
    /// (`invalidPath`, with its span). Errors name the operation (`Operations[1]: ...`).
    pub fn from_json_with(message: &Value, options: &PatchOptions) -> Result<PatchRequest> {
        let syntax = |detail: String| Error::new(ErrorKind::InvalidSyntax, detail);
        let Value::Object(obj) = message else {
            return Err(syntax(diag::patch_not_object()));
        };
        let declares = member(obj, "schemas")
            .and_then(Value::as_array)
            .is_some_and(|s| {
                s.iter().any(|u| {
                    u.as_str()
                        .is_some_and(|u| u.eq_ignore_ascii_case(PATCH_OP_URN))
                })
            });
        if !declares {
            return Err(syntax(diag::patch_schemas()));
        }
        let ops = match member(obj, "Operations") {
            Some(Value::Array(ops)) if !ops.is_empty() => ops,
            _ => return Err(syntax(diag::patch_operations())),
        };
        let operations = ops
            .iter()
            .enumerate()
            .map(|(i, op)| read_operation(op, options).map_err(|e| e.in_operation(i)))
            .collect::<Result<Vec<_>>>()?;
        Ok(PatchRequest { operations })
    }

    /// Reads a PatchOp message given as JSON text with the default options; text that is not
    /// JSON is `invalidSyntax`.
    pub fn from_json_str(message: &str) -> Result<PatchRequest> {
        PatchRequest::from_json_str_with(message, &PatchOptions::default())
    }

    /// [`from_json_with`](Self::from_json_with) for JSON text; text that is not JSON is
    /// `invalidSyntax` ("the PATCH request is not valid JSON: ...").
    pub fn from_json_str_with(message: &str, options: &PatchOptions) -> Result<PatchRequest> {
        let doc: Value = serde_json::from_str(message)
            .map_err(|e| Error::new(ErrorKind::InvalidSyntax, diag::patch_not_json(&e)))?;
        PatchRequest::from_json_with(&doc, options)
    }

    /// The operations, in order.
    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }

    /// Applies the operations to `resource`, a resource of `resource_type` in `schemas`,
    /// atomically: on error `resource` is unchanged. See the [module documentation](super).
    pub fn apply(
        &self,
        resource: &mut Value,
        schemas: &Schemas,
        resource_type: &str,
        options: &PatchOptions,
    ) -> Result<PatchOutcome> {
        super::apply::apply(self, resource, schemas, resource_type, options)
    }
}

fn read_operation(op: &Value, options: &PatchOptions) -> Result<Operation> {
    let syntax = |detail: String| Error::new(ErrorKind::InvalidSyntax, detail);
    let Value::Object(obj) = op else {
        return Err(syntax(diag::patch_op_not_object()));
    };
    let op_name = match member(obj, "op") {
        Some(Value::String(s)) => s,
        Some(other) => return Err(syntax(diag::patch_op_name_not_string(other))),
        None => return Err(syntax(diag::patch_op_missing())),
    };
    let kind = Op::from_name(op_name).ok_or_else(|| syntax(diag::patch_op_unknown(op_name)))?;
    let (path, path_text) = match member(obj, "path") {
        None | Some(Value::Null) => (None, None),
        Some(Value::String(text)) => {
            let path = PatchPath::parse_with(text, options.parse_options())?;
            (Some(path), Some(Arc::from(text.as_str())))
        }
        Some(other) => {
            return Err(Error::new(
                ErrorKind::InvalidPath,
                diag::patch_path_not_string(other),
            ));
        }
    };
    let value = member(obj, "value").cloned();
    match kind {
        Op::Add | Op::Replace if value.is_none() => {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                diag::patch_value_missing(kind.as_str()),
            ));
        }
        Op::Remove if path.is_none() => {
            return Err(Error::new(
                ErrorKind::NoTarget,
                diag::patch_remove_no_path(),
            ));
        }
        Op::Remove
            if value.as_ref().is_some_and(|v| !v.is_null())
                && !options.quirks().remove_by_value =>
        {
            return Err(syntax(diag::patch_remove_value()));
        }
        _ => {}
    }
    Ok(Operation {
        op: kind,
        path,
        path_text,
        value,
    })
}
