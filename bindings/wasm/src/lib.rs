//! Placeholder: the binding lands in this issue.
