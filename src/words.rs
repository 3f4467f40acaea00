//! The OHCHR word count: which parts of a submission count against the
//! limit, and what a word is.

use crate::fields::{ProseFields, Region};
use crate::load::Model;
use crate::model::SubmissionKind;
use crate::prose;

/// OHCHR's limit for one organisation (3rd cycle guidelines, kept since).
pub const INDIVIDUAL_WORD_LIMIT: usize = 2815;
/// OHCHR's limit for a joint submission.
pub const JOINT_WORD_LIMIT: usize = 5630;

/// A part of the document with its word count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// "Summary", "I. Case of …".
    pub name: String,
    /// Words in it.
    pub words: usize,
    /// Whether they count against the limit.
    pub counted: bool,
}

/// The OHCHR word count of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordCount {
    /// By part of the document, in reading order.
    pub sections: Vec<Section>,
    /// Words that count against the limit.
    pub total: usize,
    /// The limit that applies.
    pub limit: usize,
    /// The Word file's own count, where it was made (`uprc check`).
    pub word: Option<WordFileCount>,
}

/// Words in the Word file, counted as Word counts: everything in the body
/// (first-page block, headings, paragraph numbers, tables), and with the
/// notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordFileCount {
    pub body: usize,
    pub with_notes: usize,
}

/// The name of the notes' section of a [`WordCount`].
const NOTES: &str = "Notes";

impl WordCount {
    /// The notes' words, once the document was lowered.
    pub fn notes(&self) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == NOTES)
    }

    /// Adds the notes as formatted (full references, Ibid., short forms),
    /// counted against the limit when `[word_count] notes = true`.
    pub fn add_notes(&mut self, notes: &[crate::notes::NoteOut], counted: bool) {
        let words = notes
            .iter()
            .map(|note| count_words(&crate::prose::inline_text(&note.content)))
            .sum();
        self.sections.push(Section {
            name: NOTES.into(),
            words,
            counted,
        });
        if counted {
            self.total += words;
        }
    }
}

/// Words in a text: runs of non-space characters holding at least one
/// letter or digit ("1994-1997" is one word, a dash alone is none).
pub fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Counts words as OHCHR does for the limit: the summary, the description of
/// the organisation(s), chapter and part headings and their text, and the
/// organisation's recommendations. Not counted: footnotes, the header block
/// on the first page, and the compliance table (generated from the previous
/// report's data); the summary, the organisation and the table are
/// configurable in `[word_count]`.
pub fn count(model: &Model, fields: &ProseFields) -> WordCount {
    let submission = &model.submission.value;
    let rule = &submission.word_count;
    let mut sections = vec![
        Section {
            name: "Summary".into(),
            words: 0,
            counted: rule.summary,
        },
        Section {
            name: "Organisation".into(),
            words: 0,
            counted: rule.organisation,
        },
    ];
    let first_chapter = sections.len();
    // Chapters are named with the numerals they print with: the compliance
    // table and the closing list may come before the chapter `before` names.
    let before = submission.recommendation_list.before.as_deref();
    let tables_before_end = before.is_some_and(|id| model.chapters.iter().any(|c| c.id == id));
    let inserted = usize::from(model.assessment.is_some())
        + usize::from(!submission.recommendation.is_empty());
    let mut numbered = 0;
    for chapter in &model.chapters {
        let file = &chapter.file.value;
        let headings = std::iter::once(file.title.as_str()).chain(file.part.iter().flat_map(|p| {
            std::iter::once(p.heading.as_str()).chain(p.section.iter().map(|s| s.heading.as_str()))
        }));
        // Annexes are not counted (OHCHR: further information "can be annexed").
        let annex = file.kind == crate::model::ChapterKind::Annex;
        let name = if annex {
            format!("Annex: {}", file.title)
        } else {
            if tables_before_end && Some(chapter.id.as_str()) == before {
                numbered += inserted;
            }
            numbered += 1;
            format!(
                "{} {}",
                crate::numbering::chapter_label(numbered),
                file.title
            )
        };
        sections.push(Section {
            name,
            words: headings.map(count_words).sum(),
            counted: !annex,
        });
    }
    let table = model.assessment.as_ref().map(|_| {
        sections.push(Section {
            name: "Compliance table".into(),
            words: 0,
            counted: rule.compliance_table,
        });
        sections.len() - 1
    });
    let recommendations = (!submission.recommendation.is_empty()).then(|| {
        sections.push(Section {
            name: "Recommendations".into(),
            words: 0,
            counted: true,
        });
        sections.len() - 1
    });
    for field in &fields.fields {
        let section = match field.region {
            Region::Summary => Some(0),
            Region::Organisation => Some(1),
            Region::Chapter(index) => Some(first_chapter + index),
            Region::ComplianceTable => table,
            Region::Recommendations => recommendations,
        };
        if let Some(section) = section {
            sections[section].words += count_words(&prose::plain_text(&field.blocks));
        }
    }
    let total = sections.iter().filter(|s| s.counted).map(|s| s.words).sum();
    let limit = submission.word_count.limit.map(|l| l as usize).unwrap_or(
        match submission.submission.kind {
            SubmissionKind::Individual => INDIVIDUAL_WORD_LIMIT,
            SubmissionKind::Joint => JOINT_WORD_LIMIT,
        },
    );
    WordCount {
        sections,
        total,
        limit,
        word: None,
    }
}

#[cfg(test)]
mod tests {
    use super::count_words;

    #[test]
    fn what_a_word_is() {
        // Numbers and ranges are words; a range written with a hyphen or a
        // dash is one word, a dash standing alone is none.
        assert_eq!(count_words("in 1994-1997 and 2010–2014"), 4);
        assert_eq!(count_words("arrested – again — and - then"), 4);
        // Punctuation alone is not a word; attached to one, it is part of it.
        assert_eq!(count_words("« Liberté » , ; : ! ?"), 1);
        // Cyrillic and accented letters are letters.
        assert_eq!(count_words("Свобода слова в Казахстане"), 4);
        assert_eq!(count_words("défenseurs des droits de l’homme"), 5);
        // French elisions stay one word with the apostrophe, typed or typographic.
        assert_eq!(count_words("l'homme l’État d'une"), 3);
        // Any whitespace separates words: tabs, new lines, no-break spaces.
        assert_eq!(count_words("a\tb\nc\u{00A0}d"), 4);
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("95.53, 95.55"), 2);
    }
}
