//! `uprc init`: a small, complete submission that builds and checks clean,
//! with comments that teach the format.

use std::path::PathBuf;

use super::EXIT_USAGE;
use super::report::Reporter;

/// Arguments of `uprc init`.
#[derive(clap::Args)]
pub struct Args {
    /// Folder to create (must not exist, or be empty).
    folder: PathBuf,
    /// The State under review, as its ISO 3166-1 alpha-3 code (e.g. KAZ).
    #[arg(long, default_value = "KAZ", value_name = "ISO3")]
    state: String,
    /// A joint submission of several organisations (5,630-word limit).
    #[arg(long)]
    joint: bool,
}

const STATES: &str = include_str!("states.tsv");

fn state_name(code: &str) -> Option<&'static str> {
    STATES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, name)| name)
}

pub fn run(args: Args, reporter: &Reporter) -> u8 {
    let code = args.state.to_ascii_uppercase();
    let Some(state) = state_name(&code) else {
        eprintln!(
            "error: `{}` is not an ISO 3166-1 alpha-3 country code\n  = help: e.g. KAZ for Kazakhstan, FRA for France",
            args.state
        );
        return EXIT_USAGE;
    };
    if args.folder.exists()
        && std::fs::read_dir(&args.folder)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        eprintln!(
            "error: {} exists and is not empty; uprc init never overwrites files",
            args.folder.display()
        );
        return EXIT_USAGE;
    }
    for (path, text) in files(state, &code, args.joint) {
        let target = args.folder.join(path);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| uprc::export::write_atomic(&target, text.as_bytes()));
        if let Err(error) = written {
            eprintln!("error: cannot write {}: {error}", target.display());
            return EXIT_USAGE;
        }
    }
    reporter.info(&format!(
        "created {}: edit the files, then run `uprc build {}`",
        args.folder.display(),
        args.folder.display()
    ));
    0
}

/// The files of a new submission, relative to its folder, with the JSON
/// Schemas its `#:schema` lines point editors at.
pub fn files(state: &str, code: &str, joint: bool) -> Vec<(String, String)> {
    let (kind, organisations) = if joint {
        ("joint", format!("{ORGANISATION}\n{PARTNER}"))
    } else {
        ("individual", ORGANISATION.to_string())
    };
    let submission = SUBMISSION
        .replace("{state}", state)
        .replace("{code}", code)
        .replace("{kind}", kind)
        .replace("{organisations}", &organisations);
    let mut files = vec![
        ("submission.toml".to_string(), submission),
        (
            "cases/first-case.toml".to_string(),
            CASE.replace("{state}", state),
        ),
        ("sources.toml".to_string(), SOURCES.to_string()),
        (
            "previous/recommendations.toml".to_string(),
            PREVIOUS.replace("{state}", state),
        ),
        ("assessment.toml".to_string(), ASSESSMENT.to_string()),
    ];
    files.extend(
        uprc::schema_files()
            .into_iter()
            .map(|(name, text)| (format!("schemas/{name}"), text)),
    );
    files
}

const SUBMISSION: &str = r#"#:schema schemas/submission.schema.json
# The main file of a submission to the Universal Periodic Review (UPR).
# Lines starting with # are comments: uprc ignores them.
# Text goes in "double quotes"; long text in """triple quotes""".

[submission]
title = "{state}: a submission to the Universal Periodic Review"
state = "{state}"
state_code = "{code}"          # ISO 3166-1 alpha-3 code
language = "en"                # en, fr, es or ru
kind = "{kind}"          # individual (2,815 words) or joint (5,630 words)
date = 2026-03-01              # the date you send it: year-month-day, no quotes

[review]                       # the review this submission is for
cycle = 4
session = 52
# start = 2026-11-02           # first and last day of the Working Group session, if known
# end = 2026-11-13

[previous]                     # the review whose recommendations you assess
cycle = 3
session = 38
report = "A/HRC/50/1"          # symbol of the Working Group report
recommendations = "previous/recommendations.toml"

[content]
# Chapters (cases and thematic sections) in the order they are printed.
chapters = ["cases/first-case.toml"]
sources = "sources.toml"
assessment = "assessment.toml"

{organisations}
[summary]
keywords = ["fair trial", "freedom of expression"]
text = """
One or two paragraphs saying what the submission is about. They are printed
first and are not numbered."""
"#;

const ORGANISATION: &str = r#"[[organisation]]               # one [[organisation]] per submitting organisation
name = "Our Organisation"
abbreviation = "OO"
established = 2010
country = "Country where you are based"
about = """
What the organisation does: its main activities (OHCHR asks for them)."""
"#;

const PARTNER: &str = r#"[[organisation]]
name = "Partner Organisation"
abbreviation = "PO"
established = 2015
about = """
What the partner does."""
"#;

const CASE: &str = r#"#:schema ../schemas/chapter.schema.json
# A chapter: a case of violations (kind = "case") or a thematic section
# (kind = "section"). Its id, used as evidence in assessment.toml, is the
# file name without .toml: here "first-case".

kind = "case"
title = "Case of a detained journalist"
# Recommendations of the previous review this chapter concerns.
recommendations = ["120.1"]

# Each [[part]] has a sub-heading (printed A., B., …) and text. Every
# paragraph of text is numbered in the PDF. Leave a blank line between
# paragraphs. Cite a source with [^key], the key of an entry of sources.toml,
# right after the punctuation.
[[part]]
heading = "Facts"
text = """
A journalist of {state} was arrested after reporting on a protest.[^news-report]

The court did not hear the witnesses for the defence.[^trial-monitoring]"""

[[part]]
heading = "Response of the authorities"
text = """
The authorities said the trial was fair.[^news-report]"""
"#;

const SOURCES: &str = r#"#:schema schemas/sources.schema.json
# Every source once. The name in [brackets] is the key you cite in the text
# as [^key]. The first citation prints the full reference as a note; later
# citations print "Ibid." or a short form pointing back to it.

[news-report]
publisher = "A Newspaper"
title = "Journalist arrested"
url = "https://example.org/news/journalist-arrested"

[trial-monitoring]
publisher = "Our Organisation"
title = "Trial monitoring report"
date = "February 2026"
url = "https://example.org/reports/trial"
"#;

const PREVIOUS: &str = r#"#:schema ../schemas/previous.schema.json
# The recommendations of the previous review, numbered as the Working Group
# report numbers them (paragraph.item). Copy them from the report.

report = "A/HRC/50/1"

[[recommendation]]
id = "120.1"
by = ["Norway"]
response = "supported"          # supported, noted or pending
text = "Guarantee the right to a fair trial for journalists in {state}"

[[recommendation]]
id = "120.2"
by = ["Canada", "Chile"]
response = "noted"
text = "Decriminalise defamation"
"#;

const ASSESSMENT: &str = r#"#:schema schemas/assessment.schema.json
# Your assessment of how the State implemented the previous recommendations.
# Each becomes a row of the compliance table.

[[assessment]]
recommendation = "120.1"
status = "not-implemented"      # implemented, partially-implemented, not-implemented or unclear
evidence = ["first-case"]       # chapters that show it (file names without .toml)
comment = "The defence witnesses were not heard."
"#;
