//! Sources kept in Zotero: its exports (CSL JSON, BibTeX or BibLaTeX) read as
//! a sources file, into the same [`Source`]s as `sources.toml`, with the
//! position of each entry so every check points into the export.
//!
//! BibTeX and BibLaTeX are parsed by the `biblatex` crate (the parser Typst
//! uses); CSL JSON by serde, leniently (Zotero writes literal dates,
//! ranges and fields we do not need).

use std::collections::HashMap;

use serde::Deserialize;

use crate::diag::{Diagnostic, FileId};
use crate::lang::Words;
use crate::model::{Date, Source, SourceKind, SourcesFile};
use crate::spans::{SpanIndex, Spans, escape_pointer};

/// The formats a sources file may be in, by its extension.
pub fn is_export(path: &str) -> bool {
    [".json", ".bib", ".bibtex"]
        .iter()
        .any(|ext| path.to_ascii_lowercase().ends_with(ext))
}

/// A sources file read from an export: the sources, where each is.
#[derive(Debug)]
pub struct Read {
    /// The sources, keyed by citation key.
    pub sources: SourcesFile,
    /// Spans of each key (`/key`) and its address (`/key/url`).
    pub spans: SpanIndex,
}

/// Reads a Zotero export (`text` of file `file`, named `path`).
pub fn read(file: FileId, path: &str, text: &str, words: &Words) -> Result<Read, Vec<Diagnostic>> {
    if path.to_ascii_lowercase().ends_with(".json") {
        read_csl_json(file, text, words)
    } else {
        read_bibtex(file, text, words)
    }
}

/// A date as a note prints it: "2014", "May 2014", "12 May 2014".
fn date_text(year: i32, month: Option<u8>, day: Option<u8>, words: &Words) -> String {
    match (month.filter(|m| (1..=12).contains(m)), day) {
        (Some(month), Some(day)) => Date::parse(&format!("{year:04}-{month:02}-{day:02}"))
            .map(|date| words.format_date(date))
            .unwrap_or_else(|_| year.to_string()),
        (Some(month), None) => format!("{} {year}", words.months[usize::from(month) - 1]),
        _ => year.to_string(),
    }
}

/// Whether a report number is a UN document symbol (A/HRC/28/10, CCPR/C/KAZ/CO/2).
fn is_un_symbol(number: &str) -> bool {
    number.contains('/')
        && number
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
        && !number.contains(' ')
}

fn record(
    spans: &mut SpanIndex,
    key: &str,
    key_span: std::ops::Range<usize>,
    url_span: Option<std::ops::Range<usize>>,
) {
    let pointer = format!("/{}", escape_pointer(key));
    if let Some(url) = url_span {
        spans.insert(
            format!("{pointer}/url"),
            Spans {
                file: None,
                key: None,
                value: url,
            },
        );
    }
    spans.insert(
        pointer,
        Spans {
            file: None,
            key: Some(key_span.clone()),
            value: key_span,
        },
    );
}

/// CSL JSON, as Zotero exports it ("Better CSL JSON" too).
fn read_csl_json(file: FileId, text: &str, words: &Words) -> Result<Read, Vec<Diagnostic>> {
    #[derive(Deserialize)]
    struct Name {
        family: Option<String>,
        given: Option<String>,
        literal: Option<String>,
    }
    #[derive(Deserialize)]
    struct CslDate {
        #[serde(rename = "date-parts")]
        parts: Option<Vec<Vec<serde_json::Value>>>,
        literal: Option<String>,
        raw: Option<String>,
    }
    #[derive(Deserialize)]
    struct Item {
        id: serde_json::Value,
        #[serde(rename = "type")]
        kind: Option<String>,
        title: Option<String>,
        #[serde(rename = "title-short")]
        short: Option<String>,
        #[serde(default)]
        author: Vec<Name>,
        #[serde(rename = "container-title")]
        container: Option<String>,
        publisher: Option<String>,
        authority: Option<String>,
        number: Option<String>,
        issued: Option<CslDate>,
        accessed: Option<CslDate>,
        #[serde(rename = "URL")]
        url: Option<String>,
    }
    let items: Vec<Item> = serde_json::from_str(text).map_err(|error| {
        let offset = crate::diag::offset_of(text, error.line(), error.column());
        vec![
            Diagnostic::error(
                file,
                offset..offset,
                format!("not a CSL JSON export: {error}"),
            )
            .with_help(
                "export from Zotero with File → Export Library… → CSL JSON (or Better CSL JSON)",
            ),
        ]
    })?;
    let mut sources = SourcesFile::new();
    let mut spans = SpanIndex::new(file);
    let date_of = |date: &CslDate| -> Option<String> {
        if let Some(parts) = date.parts.as_ref().and_then(|p| p.first()) {
            let number = |i: usize| {
                parts
                    .get(i)
                    .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
            };
            let year = number(0)?;
            return Some(date_text(
                year as i32,
                number(1).map(|m| m as u8),
                number(2).map(|d| d as u8),
                words,
            ));
        }
        date.literal.clone().or_else(|| date.raw.clone())
    };
    for item in items {
        let key = match &item.id {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let kind = match item.kind.as_deref() {
            Some("article-newspaper" | "article-journal" | "article-magazine" | "article") => {
                SourceKind::Article
            }
            Some("webpage" | "post-weblog" | "post") => SourceKind::Web,
            Some("book" | "chapter") => SourceKind::Book,
            Some("legal_case") => SourceKind::CourtDecision,
            Some("legislation" | "bill" | "treaty") => SourceKind::Legislation,
            _ if item.number.as_deref().is_some_and(is_un_symbol) => SourceKind::UnDocument,
            _ => SourceKind::Report,
        };
        let source = Source {
            kind,
            author: item
                .author
                .iter()
                .filter_map(|n| {
                    n.literal.clone().or_else(|| match (&n.given, &n.family) {
                        (Some(g), Some(f)) => Some(format!("{g} {f}")),
                        (None, Some(f)) => Some(f.clone()),
                        _ => None,
                    })
                })
                .collect(),
            publisher: item.publisher.clone(),
            title: item.title.clone(),
            short: item.short.clone(),
            container: item
                .container
                .clone()
                .filter(|_| kind == SourceKind::Article),
            symbol: item
                .number
                .clone()
                .filter(|_| kind == SourceKind::UnDocument),
            court: item
                .authority
                .clone()
                .filter(|_| kind == SourceKind::CourtDecision),
            date: item.issued.as_ref().and_then(date_of),
            url: item.url.clone(),
            accessed: item.accessed.as_ref().and_then(|d| {
                let parts = d.parts.as_ref()?.first()?;
                let number = |i: usize| parts.get(i)?.as_i64();
                Date::parse(&format!(
                    "{:04}-{:02}-{:02}",
                    number(0)?,
                    number(1)?,
                    number(2)?
                ))
                .ok()
            }),
            cite_as: None,
        };
        let key_span = find_after(text, 0, &format!("\"{key}\"")).unwrap_or(0..0);
        let url_span = item.url.as_deref().and_then(|url| {
            find_after(
                text,
                key_span.start,
                &serde_json::to_string(url).unwrap_or_default(),
            )
        });
        record(&mut spans, &key, key_span, url_span);
        sources.insert(key, source);
    }
    Ok(Read { sources, spans })
}

/// The span of the first `needle` at or after `from`.
fn find_after(text: &str, from: usize, needle: &str) -> Option<std::ops::Range<usize>> {
    let at = from + text.get(from..)?.find(needle)?;
    Some(at..at + needle.len())
}

/// What the parsed bibliography forgets of an entry: its type as written
/// (`@jurisdiction` becomes `misc`), where its key and address are.
type RawFacts = (
    String,
    std::ops::Range<usize>,
    Option<std::ops::Range<usize>>,
);

/// BibTeX or BibLaTeX.
fn read_bibtex(file: FileId, text: &str, words: &Words) -> Result<Read, Vec<Diagnostic>> {
    let parse_error = |span: std::ops::Range<usize>, message: String| {
        vec![
            Diagnostic::error(file, span, format!("not a BibTeX file: {message}"))
                .with_help("export from Zotero with File → Export Library… → BibLaTeX (or BibTeX)"),
        ]
    };
    let raw = biblatex::RawBibliography::parse(text)
        .map_err(|e| parse_error(e.span.clone(), e.kind.to_string()))?;
    let kinds: HashMap<String, RawFacts> = raw
        .entries
        .iter()
        .map(|entry| {
            let url = entry
                .v
                .fields
                .iter()
                .find(|p| p.key.v.eq_ignore_ascii_case("url"))
                .map(|p| p.value.span.clone());
            (
                entry.v.key.v.to_string(),
                (
                    entry.v.kind.v.to_ascii_lowercase(),
                    entry.v.key.span.clone(),
                    url,
                ),
            )
        })
        .collect();
    let bibliography = biblatex::Bibliography::from_raw(raw)
        .map_err(|e| parse_error(e.span.clone(), e.kind.to_string()))?;
    let mut sources = SourcesFile::new();
    let mut spans = SpanIndex::new(file);
    for entry in bibliography.iter() {
        use biblatex::ChunksExt;
        let field = |name: &str| entry.get(name).map(|chunks| chunks.format_verbatim());
        let (raw_kind, key_span, url_span) = kinds
            .get(&entry.key)
            .cloned()
            .unwrap_or_else(|| (String::new(), 0..0, None));
        let number = field("number");
        let kind = match raw_kind.as_str() {
            "article" => SourceKind::Article,
            "online" | "electronic" | "www" => SourceKind::Web,
            "book" | "inbook" | "mvbook" | "incollection" => SourceKind::Book,
            "jurisdiction" => SourceKind::CourtDecision,
            "legislation" | "legal" => SourceKind::Legislation,
            _ if number.as_deref().is_some_and(is_un_symbol) => SourceKind::UnDocument,
            _ => SourceKind::Report,
        };
        let authors = entry
            .author()
            .map(|people| {
                people
                    .iter()
                    .map(|p| {
                        [p.given_name.as_str(), p.prefix.as_str(), p.name.as_str()]
                            .into_iter()
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect()
            })
            .unwrap_or_default();
        let date = field("date").map(|d| {
            let mut parts = d.split('-').map(|p| p.parse::<u32>().ok());
            match (
                parts.next().flatten(),
                parts.next().flatten(),
                parts.next().flatten(),
            ) {
                (Some(y), m, day) => {
                    date_text(y as i32, m.map(|m| m as u8), day.map(|d| d as u8), words)
                }
                _ => d,
            }
        });
        let year = field("year").map(|y| match field("month").and_then(|m| month_number(&m)) {
            Some(m) => format!("{} {y}", words.months[usize::from(m) - 1]),
            None => y,
        });
        let source = Source {
            kind,
            author: authors,
            publisher: field("publisher")
                .or_else(|| field("institution"))
                .or_else(|| field("organization")),
            title: field("title"),
            short: field("shorttitle"),
            cite_as: field("shorthand"),
            container: field("journaltitle").or_else(|| field("journal")),
            symbol: number.filter(|_| kind == SourceKind::UnDocument),
            court: field("institution").filter(|_| kind == SourceKind::CourtDecision),
            date: date.or(year),
            url: field("url"),
            accessed: field("urldate").and_then(|d| Date::parse(d.trim()).ok()),
        };
        record(&mut spans, &entry.key, key_span, url_span);
        sources.insert(entry.key.clone(), source);
    }
    Ok(Read { sources, spans })
}

/// BibTeX months: "5", "may", "May".
fn month_number(month: &str) -> Option<u8> {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month = month.trim().to_ascii_lowercase();
    month
        .parse::<u8>()
        .ok()
        .filter(|m| (1..=12).contains(m))
        .or_else(|| {
            NAMES
                .iter()
                .position(|n| month.starts_with(n))
                .map(|i| i as u8 + 1)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::words;
    use crate::model::Language;

    #[test]
    fn zotero_csl_json_becomes_sources() {
        let json = r#"[
  {"id": "hrw-2004", "type": "report", "title": "Political Freedom in Kazakhstan",
   "publisher": "Human Rights Watch", "issued": {"date-parts": [[2004, 4]]},
   "URL": "https://www.hrw.org/report/2004/03/31/political-freedom-kazakhstan"},
  {"id": "wg", "type": "report", "title": "Report of the Working Group", "number": "A/HRC/28/10",
   "issued": {"date-parts": [["2014", "12", "10"]]}},
  {"id": "kozlov", "type": "legal_case", "title": "Kozlov v. Kazakhstan", "authority": "Supreme Court",
   "issued": {"literal": "Spring 2013"}},
  {"id": "np", "type": "article-newspaper", "title": "Trial", "container-title": "Novaya Gazeta",
   "author": [{"family": "Petrova", "given": "Anna"}, {"literal": "Staff"}],
   "accessed": {"date-parts": [[2014, 3, 20]]}}
]"#;
        let read = read(0, "sources.json", json, words(Language::En)).unwrap();
        let hrw = &read.sources["hrw-2004"];
        assert_eq!(hrw.kind, SourceKind::Report);
        assert_eq!(hrw.publisher.as_deref(), Some("Human Rights Watch"));
        assert_eq!(hrw.date.as_deref(), Some("April 2004"));
        let wg = &read.sources["wg"];
        assert_eq!(
            (wg.kind, wg.symbol.as_deref()),
            (SourceKind::UnDocument, Some("A/HRC/28/10"))
        );
        assert_eq!(wg.date.as_deref(), Some("10 December 2014"));
        let case = &read.sources["kozlov"];
        assert_eq!(
            (case.kind, case.court.as_deref()),
            (SourceKind::CourtDecision, Some("Supreme Court"))
        );
        assert_eq!(case.date.as_deref(), Some("Spring 2013"));
        let article = &read.sources["np"];
        assert_eq!(article.author, ["Anna Petrova", "Staff"]);
        assert_eq!(article.accessed, Date::parse("2014-03-20").ok());
        // Each key is found where it is written.
        let at = read.spans.key("/kozlov");
        assert_eq!(&json[at], "\"kozlov\"");
        assert_eq!(
            &json[read.spans.value("/hrw-2004/url")],
            "\"https://www.hrw.org/report/2004/03/31/political-freedom-kazakhstan\""
        );
    }

    #[test]
    fn zotero_biblatex_becomes_sources() {
        let bib = r#"@report{hrw-2004,
  title = {Political Freedom in {Kazakhstan}},
  institution = {Human Rights Watch},
  date = {2004-04},
  url = {https://www.hrw.org/report},
  urldate = {2014-03-20},
  shorthand = {HRW}
}
@jurisdiction{kuric,
  title = {Kurić and Others v. Slovenia},
  institution = {European Court of Human Rights (Grand Chamber)},
  date = {2012-06-26}
}
@legislation{act,
  title = {Act Regulating the Legal Status of Citizens of Former Yugoslavia},
  year = {1999}
}
@article{np,
  author = {Petrova, Anna and Sidorov, Ivan},
  title = {Trial},
  journaltitle = {Novaya Gazeta},
  year = {2012},
  month = may
}
"#;
        let read = read(0, "sources.bib", bib, words(Language::Fr)).unwrap();
        let hrw = &read.sources["hrw-2004"];
        assert_eq!(
            hrw.title.as_deref(),
            Some("Political Freedom in Kazakhstan")
        );
        assert_eq!(hrw.publisher.as_deref(), Some("Human Rights Watch"));
        assert_eq!(hrw.date.as_deref(), Some("avril 2004"));
        assert_eq!(hrw.cite_as.as_deref(), Some("HRW"));
        assert_eq!(hrw.accessed, Date::parse("2014-03-20").ok());
        let kuric = &read.sources["kuric"];
        assert_eq!(kuric.kind, SourceKind::CourtDecision);
        assert_eq!(
            kuric.court.as_deref(),
            Some("European Court of Human Rights (Grand Chamber)")
        );
        assert_eq!(kuric.date.as_deref(), Some("26 juin 2012"));
        assert_eq!(read.sources["act"].kind, SourceKind::Legislation);
        let np = &read.sources["np"];
        assert_eq!(
            (np.kind, np.container.as_deref()),
            (SourceKind::Article, Some("Novaya Gazeta"))
        );
        assert_eq!(np.author, ["Anna Petrova", "Ivan Sidorov"]);
        assert_eq!(np.date.as_deref(), Some("mai 2012"));
        assert_eq!(&bib[read.spans.key("/kuric")], "kuric");
    }

    #[test]
    fn a_file_that_is_not_an_export_is_an_error_at_the_break() {
        let errors = read(0, "s.json", "{\"id\": 1}", words(Language::En)).unwrap_err();
        assert!(
            errors[0].message.starts_with("not a CSL JSON export"),
            "{}",
            errors[0].message
        );
        let errors = read(0, "s.bib", "@book{a, title = {x}", words(Language::En)).unwrap_err();
        assert!(
            errors[0].message.starts_with("not a BibTeX file"),
            "{}",
            errors[0].message
        );
    }
}
