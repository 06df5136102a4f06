//! The words generated users and filters share, so that generated filters match generated
//! users often enough to measure something.

/// Given names.
pub const GIVEN_NAMES: &[&str] = &[
    "Barbara",
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Susan",
    "Richard",
    "Jessica",
    "Joseph",
    "Sarah",
    "Thomas",
    "Karen",
    "Carlos",
    "Aiko",
    "Olusegun",
    "Zoë",
    "Björn",
    "Siobhán",
    "Łukasz",
    "Priya",
    "Mei",
    "Ahmed",
    "Ingrid",
    "Mateo",
    "Fatima",
];

/// Family names.
pub const FAMILY_NAMES: &[&str] = &[
    "Jensen",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Thompson",
    "White",
    "Harris",
    "Nakamura",
    "Okafor",
    "Müller",
    "Kowalski",
    "O'Brien",
    "Núñez",
    "Sharma",
    "Chen",
];

/// E-mail domains.
pub const DOMAINS: &[&str] = &[
    "example.com",
    "example.org",
    "example.net",
    "corp.example.com",
    "mail.example.io",
];

/// Job titles (as the directory stores them).
pub const TITLES: &[&str] = &[
    "Engineer",
    "Senior Engineer",
    "Manager",
    "Director",
    "Intern",
    "Tour Guide",
    "Sales Representative",
    "Support Analyst",
];

/// Departments of the enterprise extension.
pub const DEPARTMENTS: &[&str] = &[
    "Sales",
    "Engineering",
    "Marketing",
    "Finance",
    "Human Resources",
    "Support",
    "Legal",
    "Tour Operations",
];

/// Cities for addresses.
pub const LOCALITIES: &[&str] = &[
    "Seattle",
    "Hollywood",
    "Berlin",
    "Tokyo",
    "Lagos",
    "São Paulo",
    "Kraków",
    "Toronto",
];

/// Group display names.
pub const GROUPS: &[&str] = &[
    "Admins",
    "Employees",
    "Contractors",
    "Tour Guides",
    "Finance",
];

/// `emails.type` and `addresses.type` canonical values (RFC 7643 §4.1.2).
pub const EMAIL_TYPES: &[&str] = &["work", "home", "other"];

/// `phoneNumbers.type` canonical values (RFC 7643 §4.1.2).
pub const PHONE_TYPES: &[&str] = &["work", "home", "mobile", "fax", "pager", "other"];

/// The enterprise extension's schema URN (RFC 7643 §4.3).
pub const ENTERPRISE_URN: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// The User schema's URN (RFC 7643 §4.1).
pub const USER_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

/// The `userName` generated user number `n` has: `given.family{n}@domain`, lower-case ASCII
/// letters kept, others dropped (`Zoë Núñez` → `zo.nez7@example.org`).
pub fn user_name(given: &str, family: &str, n: u32, domain: &str) -> String {
    let ascii = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    format!("{}.{}{n}@{domain}", ascii(given), ascii(family))
}
