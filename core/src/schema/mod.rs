//! Placeholder: the schema model lands next.
/// The schema registry.
#[derive(Debug, Clone, Default)]
pub struct Schemas {}
