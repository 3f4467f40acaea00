//! Notes, as the UN Editorial Manual writes them: which number each note
//! gets and what it says. Part of `lower`, which owns every number.
//!
//! Every citation is a note of its own (`repeated_sources = "un"`, the
//! default): the first citation of a source gives the full reference; a
//! citation of the same single source as the note just before is "Ibid."
//! ("Ibid., p. 13." when only the locator differs), never after a note of
//! several sources; any other repeat is a short form, the source's own
//! abbreviation ("AI, p. 2.") when it has one, else "Publisher, short title
//! (see note N)". With `same-number`, a plain repeat reuses the number of the
//! source's first note. Citations in the compliance table get lettered table
//! notes, which Ibid. never crosses into.
//!
//! The references are formatted here, by kind of source, rather than by a
//! CSL processor: see ARCHITECTURE.md for why hayagriva is not used.

use std::collections::HashMap;

use serde::Serialize;

use crate::lang::{Words, capitalise};
use crate::model::{RepeatedSources, Source, SourceKind, SourcesFile};
use crate::numbering::table_letter;
use crate::prose::{self, Block, Inline};

/// One note: its mark, the sources it cites (and how), and what it says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteOut {
    /// Its mark as printed: "13", or "a" under a table.
    pub label: String,
    /// The sources it cites, in order, with the form each takes.
    pub refs: Vec<RefOut>,
    /// The note's text, formatted: text, emphasis and links only.
    pub content: Vec<Inline>,
}

/// A source as one note cites it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefOut {
    /// Key of the source.
    pub key: String,
    /// Full reference, "Ibid." or short form.
    pub form: NoteForm,
    /// For a short form: the note with the full reference.
    pub see: Option<u32>,
    /// The locator, as written ("p. 12").
    pub locator: Option<String>,
}

/// How a note refers to a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteForm {
    /// Publisher, title, date, address.
    Full,
    /// "Ibid.": the note just before cites the same single source.
    Ibid,
    /// The source's abbreviation, or publisher and short title "(see note N)".
    Short,
}

/// Assigns and writes the notes of one document, in reading order.
pub struct Notes<'m> {
    sources: &'m SourcesFile,
    words: &'static Words,
    style: RepeatedSources,
    /// Numbered notes (foot or end).
    pub numbered: Vec<NoteOut>,
    /// The numbered note holding each source's full reference.
    full_note: HashMap<String, u32>,
    /// The source and locator of the last numbered note, when it cited one
    /// source alone (what "Ibid." may refer to).
    last_single: Option<(String, Option<String>)>,
    /// Notes of the table being lowered.
    pub table: Vec<NoteOut>,
}

impl<'m> Notes<'m> {
    /// Notes for a document citing `sources`, written in `words`.
    pub fn new(sources: &'m SourcesFile, words: &'static Words, style: RepeatedSources) -> Self {
        Notes {
            sources,
            words,
            style,
            numbered: Vec::new(),
            full_note: HashMap::new(),
            last_single: None,
            table: Vec::new(),
        }
    }

    /// Numbers the notes of body prose and writes them.
    pub fn resolve(&mut self, mut blocks: Vec<Block>) -> Vec<Block> {
        prose::visit_inlines_mut(&mut blocks, &mut |inline| self.resolve_note(inline));
        blocks
    }

    /// Numbers the notes of some inlines (a heading's) and writes them.
    pub fn resolve_inlines(&mut self, inlines: &mut [Inline]) {
        prose::visit_inline_list_mut(inlines, &mut |inline| self.resolve_note(inline));
    }

    fn resolve_note(&mut self, inline: &mut Inline) {
        let Inline::Note {
            content,
            citation,
            note,
            first,
            mark,
            ..
        } = inline
        else {
            return;
        };
        let refs = references(content);
        let single = (*citation && refs.len() == 1).then(|| refs[0].clone());
        // With same-number, a plain repeat points at the source's first note.
        if self.style == RepeatedSources::SameNumber
            && let Some((key, None)) = &single
            && content.len() == 1
            && let Some(&number) = self.full_note.get(key)
        {
            *note = Some(number);
            *first = false;
            *mark = Some(number.to_string());
            return;
        }
        let number = self.numbered.len() as u32 + 1;
        let mut outs = Vec::new();
        for (key, locator) in &refs {
            let form = match self.full_note.get(key) {
                None => {
                    self.full_note.insert(key.clone(), number);
                    (NoteForm::Full, None)
                }
                Some(&full) => match (&single, &self.last_single) {
                    (Some((_, now)), Some((last_key, last))) if last_key == key => {
                        if now == last || now.is_some() {
                            (NoteForm::Ibid, None)
                        } else {
                            (NoteForm::Short, Some(full))
                        }
                    }
                    _ => (NoteForm::Short, Some(full)),
                },
            };
            outs.push(RefOut {
                key: key.clone(),
                form: form.0,
                see: form.1,
                locator: locator.clone(),
            });
        }
        // "Ibid." repeats the locator only when it changed.
        if let (Some(out), Some((_, last))) = (outs.first_mut(), &self.last_single)
            && out.form == NoteForm::Ibid
            && out.locator == *last
        {
            out.locator = None;
        }
        let written = self.write(content, &outs);
        self.last_single = single;
        self.numbered.push(NoteOut {
            label: number.to_string(),
            refs: outs,
            content: written,
        });
        *note = Some(number);
        *first = true;
        *mark = Some(number.to_string());
    }

    /// Letters the notes of table prose (a, b, …) and writes them: full or
    /// short forms only, and the same note again keeps its letter.
    pub fn resolve_in_table(&mut self, mut blocks: Vec<Block>) -> Vec<Block> {
        prose::visit_inlines_mut(&mut blocks, &mut |inline| {
            let Inline::Note {
                content,
                mark,
                in_table,
                ..
            } = inline
            else {
                return;
            };
            let outs: Vec<RefOut> = references(content)
                .into_iter()
                .map(|(key, locator)| {
                    let see = self.full_note.get(&key).copied();
                    RefOut {
                        form: if see.is_some() {
                            NoteForm::Short
                        } else {
                            NoteForm::Full
                        },
                        key,
                        see,
                        locator,
                    }
                })
                .collect();
            let written = self.write(content, &outs);
            *in_table = true;
            *mark = Some(self.table_note(written, outs));
        });
        blocks
    }

    /// A table note saying `content` (e.g. a State's claim): its letter, the
    /// same letter for the same text.
    pub fn table_note(&mut self, content: Vec<Inline>, refs: Vec<RefOut>) -> String {
        if let Some(existing) = self.table.iter().find(|n| n.content == content) {
            return existing.label.clone();
        }
        let label = table_letter(self.table.len() + 1);
        self.table.push(NoteOut {
            label: label.clone(),
            refs,
            content,
        });
        label
    }

    /// Ends a table: its notes.
    pub fn take_table(&mut self) -> Vec<NoteOut> {
        std::mem::take(&mut self.table)
    }

    /// A note's text: its own words, with each reference written in the
    /// form chosen; capitalised, ending with a full stop.
    fn write(&self, content: &[Inline], outs: &[RefOut]) -> Vec<Inline> {
        let mut next = outs.iter();
        let mut written = Vec::new();
        for inline in content {
            match inline {
                Inline::Ref { key, .. } => match (next.next(), self.sources.get(key)) {
                    (Some(out), Some(source)) => written.extend(self.reference(source, out)),
                    _ => written.push(text(key)),
                },
                Inline::Note { .. } => {}
                other => written.push(other.clone()),
            }
        }
        finish_sentence(&mut written);
        written
    }

    /// One source, in the form chosen.
    fn reference(&self, source: &Source, out: &RefOut) -> Vec<Inline> {
        let locator = out.locator.as_deref();
        match out.form {
            NoteForm::Ibid => match locator {
                Some(locator) => vec![text(&self.words.ibid_locator.replace("{locator}", locator))],
                None => vec![text(self.words.ibid)],
            },
            NoteForm::Short => self.short(source, locator, out.see),
            NoteForm::Full => self.full(source, locator),
        }
    }

    fn full(&self, source: &Source, locator: Option<&str>) -> Vec<Inline> {
        let quoted = |t: &str| {
            text(&format!(
                "{}{t}{}",
                self.words.quotes.0, self.words.quotes.1
            ))
        };
        let authors = (!source.author.is_empty())
            .then(|| vec![text(&join_names(&source.author, self.words.and))]);
        let publisher = source.publisher.as_deref().map(|p| vec![text(p)]);
        let title_quoted = source.title.as_deref().map(|t| vec![quoted(t)]);
        let title_italic = source.title.as_deref().map(|t| vec![emph(t)]);
        let title_plain = source.title.as_deref().map(|t| vec![text(t)]);
        let date = source.date.as_deref().map(|d| vec![text(d)]);
        let mut parts: Vec<Option<Vec<Inline>>> = match source.kind {
            SourceKind::Report | SourceKind::Web => vec![authors, publisher, title_quoted, date],
            SourceKind::Article => vec![
                authors,
                title_quoted,
                source.container.as_deref().map(|c| vec![emph(c)]),
                publisher,
                date,
            ],
            SourceKind::Book => vec![authors, title_italic, publisher, date],
            SourceKind::UnDocument => vec![
                publisher,
                title_quoted,
                source.symbol.as_deref().map(|s| vec![text(s)]),
                date,
            ],
            SourceKind::CourtDecision => vec![
                title_italic,
                source.court.as_deref().map(|c| vec![text(c)]),
                date,
            ],
            SourceKind::Legislation => vec![title_plain, date],
            SourceKind::UprSubmission => vec![
                authors,
                publisher,
                title_quoted,
                Some(vec![text(self.words.upr_submission)]),
                date,
            ],
        };
        parts.push(locator.map(|l| vec![text(l)]));
        parts.push(source.url.as_deref().map(|url| {
            vec![Inline::Link {
                url: url.to_string(),
                content: vec![text(url)],
            }]
        }));
        let mut written = join(parts.into_iter().flatten().collect());
        if let Some(accessed) = source.accessed {
            let date = self.words.format_date(accessed);
            written.push(text(&format!(
                " ({})",
                self.words.accessed.replace("{date}", &date)
            )));
        }
        if let Some(abbreviation) = &source.cite_as {
            let said = match source.kind {
                SourceKind::UprSubmission => abbreviation.clone(),
                _ => self
                    .words
                    .hereinafter
                    .replace("{abbreviation}", abbreviation),
            };
            written.push(text(&format!(" ({said})")));
        }
        written
    }

    fn short(&self, source: &Source, locator: Option<&str>, see: Option<u32>) -> Vec<Inline> {
        let locator = locator.map(|l| vec![text(l)]);
        // An abbreviation or a UN symbol identifies the source by itself.
        let identifier = source.cite_as.as_deref().or(match source.kind {
            SourceKind::UnDocument => source.symbol.as_deref(),
            _ => None,
        });
        if let Some(identifier) = identifier {
            return join(
                [Some(vec![text(identifier)]), locator]
                    .into_iter()
                    .flatten()
                    .collect(),
            );
        }
        // A decision or a law is named by its short title when it has one.
        let titled = source.short.as_deref().or(source.title.as_deref());
        let name = match source.kind {
            SourceKind::CourtDecision => {
                return self.with_see(
                    join(
                        [titled.map(|t| vec![emph(t)]), locator]
                            .into_iter()
                            .flatten()
                            .collect(),
                    ),
                    see,
                );
            }
            SourceKind::Legislation => {
                return self.with_see(
                    join(
                        [titled.map(|t| vec![text(t)]), locator]
                            .into_iter()
                            .flatten()
                            .collect(),
                    ),
                    see,
                );
            }
            _ => source
                .publisher
                .clone()
                .or_else(|| {
                    (!source.author.is_empty()).then(|| join_names(&source.author, self.words.and))
                })
                .or_else(|| source.title.clone())
                .map(|n| vec![text(&n)]),
        };
        let short = source.short.as_deref().map(|s| vec![text(s)]);
        let written = join([name, short, locator].into_iter().flatten().collect());
        self.with_see(written, see)
    }

    /// A short form, pointing back to the note with the full reference.
    fn with_see(&self, mut written: Vec<Inline>, see: Option<u32>) -> Vec<Inline> {
        if let Some(n) = see {
            let see = self.words.see_note.replace("{n}", &n.to_string());
            written.push(text(&format!(" ({see})")));
        }
        written
    }
}

/// The references of a note, in order: (key, locator).
fn references(content: &[Inline]) -> Vec<(String, Option<String>)> {
    let mut refs = Vec::new();
    fn walk(items: &[Inline], refs: &mut Vec<(String, Option<String>)>) {
        for inline in items {
            match inline {
                Inline::Ref { key, locator } => refs.push((key.clone(), locator.clone())),
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Link { content, .. } => walk(content, refs),
                _ => {}
            }
        }
    }
    walk(content, &mut refs);
    refs
}

fn text(t: &str) -> Inline {
    Inline::Text {
        text: t.to_string(),
    }
}

fn emph(t: &str) -> Inline {
    Inline::Emph {
        content: vec![text(t)],
    }
}

/// Parts joined by ", ".
fn join(parts: Vec<Vec<Inline>>) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push(text(", "));
        }
        out.extend(part);
    }
    out
}

/// "A, B and C".
fn join_names(names: &[String], and: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

/// Capitalises the first letter and ends with a full stop, as every note does.
fn finish_sentence(content: &mut Vec<Inline>) {
    fn first_text(items: &mut [Inline]) -> Option<&mut String> {
        for inline in items {
            match inline {
                Inline::Text { text } if !text.trim().is_empty() => return Some(text),
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Link { content, .. } => {
                    if let Some(t) = first_text(content) {
                        return Some(t);
                    }
                }
                _ => {}
            }
        }
        None
    }
    if let Some(first) = first_text(content) {
        let start = first.len() - first.trim_start().len();
        let capitalised = capitalise(&first[start..]);
        first.replace_range(start.., &capitalised);
    }
    let ends_sentence = match content.last() {
        Some(Inline::Text { text }) => text.trim_end().ends_with(['.', '!', '?', '…']),
        _ => false,
    };
    if let Some(Inline::Text { text }) = content.last_mut() {
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
    }
    if !ends_sentence && !content.is_empty() {
        content.push(self::text("."));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::words;
    use crate::model::Language;

    fn plain(content: &[Inline]) -> String {
        let blocks = vec![Block::Para {
            number: None,
            content: content.to_vec(),
        }];
        prose::plain_text(&blocks).trim_end().to_string()
    }

    fn sources() -> SourcesFile {
        let toml = r#"
[hrw]
publisher = "Human Rights Watch"
title = "Political freedom in Kazakhstan"
short = "Political freedom"
date = "April 2004"
url = "https://hrw.org/r"

[ai]
publisher = "Amnesty International"
title = "Kazakhstan: torture"
cite_as = "AI"

[js1]
kind = "upr-submission"
publisher = "Coalition of NGOs"
cite_as = "JS1"

[wg]
kind = "un-document"
title = "Report of the Working Group on the Universal Periodic Review: Kazakhstan"
symbol = "A/HRC/28/10"
date = "10 December 2014"

[case]
kind = "court-decision"
title = "Kozlov v. Kazakhstan"
court = "Supreme Court of Kazakhstan"
date = "2013"

[code]
kind = "legislation"
title = "Criminal Code of the Republic of Kazakhstan"
date = "16 July 1997"

[article]
kind = "article"
author = ["Anna Petrova", "Ivan Sidorov"]
title = "Trial in Aktau"
container = "Novaya Gazeta"
date = "5 May 2012"
url = "https://novayagazeta.ru/a"
accessed = "2014-03-20"
"#;
        toml::from_str(toml).unwrap()
    }

    /// The notes of `markdown` as printed, one string each.
    fn notes_of(markdown: &str, language: Language, style: RepeatedSources) -> Vec<String> {
        let sources = sources();
        let mut notes = Notes::new(&sources, words(language), style);
        notes.resolve(prose::parse(markdown));
        notes
            .numbered
            .iter()
            .map(|n| format!("{} {}", n.label, plain(&n.content)))
            .collect()
    }

    #[test]
    fn every_form_of_note() {
        let notes = notes_of(
            "A.[@hrw, p. 12] B.[@hrw, p. 12] C.[@hrw, p. 13] D.[@hrw] E.[see @ai, p. 2; see also @js1, para. 7 and @hrw, p. 4] \
             F.[@hrw, p. 4] G.[@ai, p. 3] H.[@wg, para. 115.44] I.[@wg] J.[@case, para. 3] K.[@case] L.[@code, s 80.2] M.[@code] \
             N.[@article] O.[@article, p. 2] P.^[For the list see @js1, para. 9.]",
            Language::En,
            RepeatedSources::Un,
        );
        assert_eq!(
            notes,
            [
                "1 Human Rights Watch, “Political freedom in Kazakhstan”, April 2004, p. 12, https://hrw.org/r.",
                "2 Ibid.",
                "3 Ibid., p. 13.",
                "4 Human Rights Watch, Political freedom (see note 1).",
                "5 See Amnesty International, “Kazakhstan: torture”, p. 2 (hereinafter AI); see also Coalition of NGOs, submission to the Universal Periodic Review, para. 7 (JS1) and Human Rights Watch, Political freedom, p. 4 (see note 1).",
                "6 Human Rights Watch, Political freedom, p. 4 (see note 1).",
                "7 AI, p. 3.",
                "8 “Report of the Working Group on the Universal Periodic Review: Kazakhstan”, A/HRC/28/10, 10 December 2014, para. 115.44.",
                "9 A/HRC/28/10.",
                "10 Kozlov v. Kazakhstan, Supreme Court of Kazakhstan, 2013, para. 3.",
                "11 Kozlov v. Kazakhstan (see note 10).",
                "12 Criminal Code of the Republic of Kazakhstan, 16 July 1997, s 80.2.",
                "13 Criminal Code of the Republic of Kazakhstan (see note 12).",
                "14 Anna Petrova and Ivan Sidorov, “Trial in Aktau”, Novaya Gazeta, 5 May 2012, https://novayagazeta.ru/a (accessed 20 March 2014).",
                "15 Ibid., p. 2.",
                "16 For the list see JS1, para. 9.",
            ]
        );
    }

    #[test]
    fn ibid_never_follows_a_note_of_several_sources() {
        let notes = notes_of(
            "A.[@hrw; @ai] B.[@ai] C.[@ai] D.^[Free text citing @ai.] E.[@ai]",
            Language::En,
            RepeatedSources::Un,
        );
        assert_eq!(
            notes,
            [
                "1 Human Rights Watch, “Political freedom in Kazakhstan”, April 2004, https://hrw.org/r; Amnesty International, “Kazakhstan: torture” (hereinafter AI).",
                "2 AI.",
                "3 Ibid.",
                "4 Free text citing AI.",
                "5 AI.",
            ]
        );
    }

    #[test]
    fn same_number_reuses_plain_repeats_only() {
        let notes = notes_of(
            "A.[@hrw] B.[@hrw] C.[@hrw, p. 3] D.[@ai]",
            Language::En,
            RepeatedSources::SameNumber,
        );
        assert_eq!(
            notes,
            [
                "1 Human Rights Watch, “Political freedom in Kazakhstan”, April 2004, https://hrw.org/r.",
                "2 Ibid., p. 3.",
                "3 Amnesty International, “Kazakhstan: torture” (hereinafter AI).",
            ]
        );
    }

    #[test]
    fn notes_in_other_languages() {
        let markdown = "A.[@hrw, p. 1] B.[@hrw, p. 1] C.[@ai] D.[@hrw]";
        assert_eq!(
            notes_of(markdown, Language::Fr, RepeatedSources::Un)[1..],
            [
                "2 Ibid.",
                "3 Amnesty International, «\u{a0}Kazakhstan: torture\u{a0}» (ci-après AI).",
                "4 Human Rights Watch, Political freedom (voir note 1).",
            ]
        );
        assert_eq!(
            notes_of(markdown, Language::Ru, RepeatedSources::Un)[1..],
            [
                "2 Там же.",
                "3 Amnesty International, «Kazakhstan: torture» (далее – AI).",
                "4 Human Rights Watch, Political freedom (см. примечание 1).",
            ]
        );
    }
}
