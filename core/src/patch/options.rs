//! How PATCH requests are read and applied: strict RFC 7644 by default, or an identity
//! provider's profile.

use crate::filter::ParseOptions;

/// A named set of [`Quirks`]: what one identity provider is documented to send.
///
/// Each profile switches on only deviations that a public source shows the provider sending;
/// where the sources show a provider's PATCH requests conforming to RFC 7644, its profile is
/// [`Profile::Rfc`]'s behaviour under its own name (and gains quirks when sources appear).
///
/// | quirk | Entra ID | Okta | OneLogin | Google | JumpCloud |
/// |---|---|---|---|---|---|
/// | [`string_booleans`](Quirks::string_booleans) | yes | | | | |
/// | [`remove_by_value`](Quirks::remove_by_value) | yes | | | | yes |
/// | [`path_keys`](Quirks::path_keys) | yes | | | | |
/// | [`create_on_no_match`](Quirks::create_on_no_match) | yes | | | | |
/// | [`complex_from_string`](Quirks::complex_from_string) | yes | | | | |
/// | [`single_value_arrays`](Quirks::single_value_arrays) | yes | | | | |
/// | [`empty_string_unassigns`](Quirks::empty_string_unassigns) | yes | | | | |
///
/// Behaviour every profile has, because RFC 7644 allows it: `op` in any case (Entra ID sends
/// `"Add"`, `"Replace"`, `"Remove"`; Microsoft's tutorial asks services not to match `op`
/// case-sensitively); a multi-valued attribute given one object instead of an array (§3.5.2.1:
/// the value "may be a JSON object containing the sub-attributes"; OneLogin sends `emails` this
/// way); a `replace` without a path that repeats the unchanged `id` (Okta's group updates): writing
/// a readOnly attribute with the value it has is not a modification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Profile {
    /// RFC 7644 exactly (with case-insensitive `op`, which every profile has).
    #[default]
    Rfc,
    /// Microsoft Entra ID (Azure AD) provisioning, in its default mode and with the
    /// `aadOptscim062020` flag (Microsoft Learn, "Known issues and resolutions with SCIM 2.0
    /// protocol compliance of the Microsoft Entra user provisioning service"; "Tutorial: Develop
    /// and plan provisioning for a SCIM endpoint").
    EntraId,
    /// Okta: its SCIM 2.0 reference shows RFC-conformant PATCH (lowercase ops, JSON booleans,
    /// `members[value eq "..."]` removals, `replace` of `{"active": false}` without a path).
    Okta,
    /// OneLogin: users are updated with PUT, groups with RFC-style PATCH (developers.onelogin.com
    /// "SCIM API"); no PATCH deviation is documented.
    OneLogin,
    /// Google Workspace: no PATCH request shapes are documented.
    GoogleWorkspace,
    /// JumpCloud: removes group members given in `value` (reported in a service provider's
    /// integration notes).
    JumpCloud,
}

impl Profile {
    /// Every profile.
    pub const ALL: [Profile; 6] = [
        Profile::Rfc,
        Profile::EntraId,
        Profile::Okta,
        Profile::OneLogin,
        Profile::GoogleWorkspace,
        Profile::JumpCloud,
    ];

    /// The profile's name as the CLI and the bindings spell it: `rfc`, `entra`, `okta`,
    /// `onelogin`, `google`, `jumpcloud`.
    pub const fn name(self) -> &'static str {
        match self {
            Profile::Rfc => "rfc",
            Profile::EntraId => "entra",
            Profile::Okta => "okta",
            Profile::OneLogin => "onelogin",
            Profile::GoogleWorkspace => "google",
            Profile::JumpCloud => "jumpcloud",
        }
    }

    /// The profile named `name` (case-insensitive; `azure` and `azuread` are Entra ID).
    pub fn from_name(name: &str) -> Option<Profile> {
        let n = name.to_ascii_lowercase();
        Profile::ALL
            .into_iter()
            .find(|p| p.name() == n)
            .or(match n.as_str() {
                "entraid" | "azure" | "azuread" | "microsoft" => Some(Profile::EntraId),
                "strict" => Some(Profile::Rfc),
                "googleworkspace" => Some(Profile::GoogleWorkspace),
                _ => None,
            })
    }

    /// The quirks this profile accepts.
    pub fn quirks(self) -> Quirks {
        let none = Quirks::default();
        match self {
            Profile::Rfc | Profile::Okta | Profile::OneLogin | Profile::GoogleWorkspace => none,
            Profile::EntraId => Quirks {
                string_booleans: true,
                remove_by_value: true,
                path_keys: true,
                create_on_no_match: true,
                complex_from_string: true,
                single_value_arrays: true,
                empty_string_unassigns: true,
            },
            Profile::JumpCloud => Quirks {
                remove_by_value: true,
                ..none
            },
        }
    }
}

/// The individual deviations from RFC 7644 a profile switches on. Each is off in
/// [`Profile::Rfc`], where the request is read as the RFC reads it: usually refused
/// (`invalidValue`, `invalidSyntax`, `invalidFilter` or `noTarget`), and where the RFC gives the
/// request a meaning, with that meaning (`""` is a valid value for a string attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct Quirks {
    /// Boolean attributes given as the strings `"True"` / `"False"` (any case), in values and in
    /// the `eq` comparisons of path filters: `{"op": "Replace", "path": "active", "value":
    /// "False"}`, `roles[primary eq "True"].value`. Entra ID's default mode (Microsoft Learn,
    /// SCIM compatibility: "active as boolean" is behind `aadOptscim062020`; its default
    /// attribute mapping `Switch([IsSoftDeleted], , "False", "True", "True", "False")` yields
    /// strings).
    pub string_booleans: bool,
    /// `remove` with `path: "members"` and a `value` listing the members to remove, instead of a
    /// filter in the path: `{"op": "Remove", "path": "members", "value": [{"value": "u1091"}]}`
    /// removes only `u1091` (values matched as `add` matches duplicates). Entra ID's default
    /// mode (Microsoft Learn, SCIM tutorial, "Remove a member from a group"); JumpCloud
    /// (reported). RFC 7644 §3.5.2.2 would remove *every* member, so strict mode refuses the
    /// `value` instead.
    pub remove_by_value: bool,
    /// `add` / `replace` without a path whose value's keys are paths: `{"name.givenName": "Kkom",
    /// "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq"}`.
    /// Entra ID with `aadOptscim062020` ("replace multiple attributes").
    pub path_keys: bool,
    /// `add` / `replace` through a value filter that selects nothing creates the value, with the
    /// sub-attributes the filter's `eq` comparisons name: `addresses[type eq "work"].formatted`
    /// on a user without a work address adds `{"type": "work", "formatted": ...}`; later
    /// operations on the same filter then find it. Entra ID (Microsoft Q&A 120490: "If no array
    /// exists yet, then you should create the array and then add the value to the array").
    pub create_on_no_match: bool,
    /// A complex attribute with a `value` sub-attribute given as a plain string:
    /// enterprise `manager: "271"` means `{"value": "271"}`. Entra ID (Microsoft Q&A 188003:
    /// "we are only sending ID at the moment").
    pub complex_from_string: bool,
    /// A single-valued attribute given a one-element array means that element, and a simple one
    /// given `[{"value": x}]` means `x`: `{"op": "Add", "path": "manager", "value": [{"$ref": ...,
    /// "value": "00aa"}]}` (Entra ID, SCIM tutorial example 5), `{"op": "Replace", "path":
    /// "name.givenName", "value": [{"$ref": null, "value": "X"}]}` (Entra ID before 2019).
    pub single_value_arrays: bool,
    /// `""` for a single-valued attribute means null: the attribute is unassigned (Microsoft's
    /// SCIM validator clears the manager with "Replace with empty" and expects "PATCH with empty
    /// strings on optional attributes" to leave them "null/empty").
    pub empty_string_unassigns: bool,
}

/// How a PATCH request is read and applied.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PatchOptions {
    profile: Profile,
    quirks: Quirks,
    parse: ParseOptions,
}

impl PatchOptions {
    /// Strict RFC 7644 (the default).
    pub fn new() -> PatchOptions {
        PatchOptions::default()
    }

    /// The options of `profile`: its quirks, the default path parsing.
    pub fn profile(profile: Profile) -> PatchOptions {
        PatchOptions {
            profile,
            quirks: profile.quirks(),
            parse: ParseOptions::default(),
        }
    }

    /// These options with `quirks` instead of the profile's.
    #[must_use]
    pub fn with_quirks(mut self, quirks: Quirks) -> PatchOptions {
        self.quirks = quirks;
        self
    }

    /// These options with `parse` for the paths (and their filters).
    #[must_use]
    pub fn with_parse_options(mut self, parse: ParseOptions) -> PatchOptions {
        self.parse = parse;
        self
    }

    /// The profile the options started from.
    pub fn get_profile(&self) -> Profile {
        self.profile
    }

    /// The quirks in force.
    pub fn quirks(&self) -> &Quirks {
        &self.quirks
    }

    /// How paths are parsed.
    pub fn parse_options(&self) -> &ParseOptions {
        &self.parse
    }
}
