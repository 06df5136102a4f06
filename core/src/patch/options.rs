//! How PATCH requests are read and applied: strict RFC 7644 by default, or an identity
//! provider's profile.

use crate::filter::ParseOptions;

/// A named set of [`Quirks`]: what one identity provider is documented to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Profile {
    /// RFC 7644 exactly (with case-insensitive `op`, which every profile has).
    #[default]
    Rfc,
    /// Microsoft Entra ID (Azure AD) provisioning.
    EntraId,
    /// Okta.
    Okta,
    /// OneLogin.
    OneLogin,
    /// Google Workspace.
    GoogleWorkspace,
    /// JumpCloud.
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
            Profile::Rfc => none,
            Profile::EntraId => Quirks {
                string_booleans: true,
                remove_by_value: true,
                path_keys: true,
                create_on_no_match: true,
                complex_from_string: true,
                ..none
            },
            Profile::Okta => Quirks {
                string_booleans: false,
                ..none
            },
            Profile::OneLogin | Profile::GoogleWorkspace | Profile::JumpCloud => none,
        }
    }
}

/// The individual deviations from RFC 7644 a profile switches on. Each is off in
/// [`Profile::Rfc`]; see each field for the provider behaviour it follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct Quirks {
    /// Boolean attributes given as the strings `"True"` / `"False"` (any case).
    pub string_booleans: bool,
    /// `remove` with `path: "members"` and a `value` listing the values to remove (matched like
    /// `add`'s duplicates), instead of a filter in the path.
    pub remove_by_value: bool,
    /// `add` / `replace` with no path whose value's keys are paths (`"name.givenName"`,
    /// `"emails[type eq \"work\"].value"`, URN-qualified sub-attributes), not just names.
    pub path_keys: bool,
    /// `add` / `replace` through a value filter that selects nothing creates the value, with the
    /// sub-attributes the filter's `eq` comparisons name (`emails[type eq "work"].value` on a
    /// user without a work email adds `{"type": "work", "value": ...}`).
    pub create_on_no_match: bool,
    /// A complex attribute with a `value` sub-attribute given as a plain string (enterprise
    /// `manager: "26118915"`) means `{"value": "26118915"}`.
    pub complex_from_string: bool,
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
