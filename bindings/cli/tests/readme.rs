//! The README's command-line examples, run against the built binary: every `$ scimkit ...` line
//! in a `console` block must print exactly the lines that follow it, and the "main job" command
//! must find the sample user.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn readme() -> String {
    std::fs::read_to_string(repo_root().join("README.md")).expect("README.md")
}

/// Runs `command` (a shell line starting with `scimkit`) from the repository root; returns
/// stdout followed by stderr, and the exit code.
fn run(command: &str) -> (String, i32) {
    let bin = assert_cmd::cargo::cargo_bin("scimkit");
    let dir = bin.parent().expect("binary directory").to_path_buf();
    let path = format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(repo_root())
        .env("PATH", path)
        .output()
        .expect("run sh");
    let mut text = String::from_utf8(out.stdout).expect("utf-8 stdout");
    text.push_str(&String::from_utf8(out.stderr).expect("utf-8 stderr"));
    (text, out.status.code().unwrap_or(-1))
}

#[test]
fn console_examples_print_what_the_readme_shows() {
    let readme = readme();
    let mut in_console = false;
    let mut examples: Vec<(String, String)> = Vec::new();
    for line in readme.lines() {
        if line.starts_with("```") {
            in_console = line == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            examples.push((cmd.to_owned(), String::new()));
        } else if let Some((_, out)) = examples.last_mut() {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(
        examples.len() >= 4,
        "the README should show the CLI at work"
    );
    for (cmd, want) in examples {
        assert!(cmd.starts_with("scimkit "), "{cmd}");
        let (got, code) = run(&cmd);
        assert_eq!(got, want, "output of `{cmd}`");
        // A human-readable error, or the RFC 7644 §3.12 error document.
        let is_error = want.starts_with("invalidFilter")
            || want.contains("urn:ietf:params:scim:api:messages:2.0:Error");
        assert_eq!(code, if is_error { 1 } else { 0 }, "exit status of `{cmd}`");
    }
}

#[test]
fn main_job_finds_the_sample_user() {
    let readme = readme();
    let line = readme
        .lines()
        .find(|l| l.starts_with("cargo run -q -p scimkit-cli -- filter match"))
        .expect("the main-job command is in the README");
    let cmd = line.replacen("cargo run -q -p scimkit-cli --", "scimkit", 1);
    let (out, code) = run(&cmd);
    assert_eq!(code, 0);
    assert_eq!(out, "2819c223-7f76-453a-919d-413861904646\n");
}
