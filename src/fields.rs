//! Every prose field of a submission, in the order the document reads,
//! parsed once. `check` (citations, word count) and `lower` (the document)
//! both consume this one list, so they cannot disagree on what the text is
//! or in which order it comes.

use std::collections::HashMap;
use std::ops::Range;

use crate::diag::FileId;
use crate::load::{Loaded, Model};
use crate::prose::{self, Block};

/// The part of the document a field belongs to, for the word count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    /// The summary at the start.
    Summary,
    /// The description of the organisation(s).
    Organisation,
    /// A chapter, by position in print order.
    Chapter(usize),
    /// Comments in the compliance table.
    ComplianceTable,
    /// The organisation's own recommendations.
    Recommendations,
}

/// One prose field: where it is, what it says, and its parsed blocks.
pub struct ProseField {
    /// The file the field's owner was loaded from (the key of [`ProseFields::blocks`]).
    pub owner: FileId,
    /// The file the text is in: the owner's, or a variant's that replaces it.
    pub file: FileId,
    /// JSON pointer of the field in its owner.
    pub pointer: String,
    /// Byte range of the string value in `file`.
    pub span: Range<usize>,
    /// The Markdown text.
    pub text: String,
    /// The text, parsed.
    pub blocks: Vec<Block>,
    /// Citations that could not be read.
    pub problems: Vec<prose::Problem>,
    /// Where it belongs in the document.
    pub region: Region,
}

/// All prose fields of a model, in reading order.
pub struct ProseFields {
    /// The fields.
    pub fields: Vec<ProseField>,
    by_place: HashMap<(FileId, String), usize>,
}

impl ProseFields {
    /// Collects and parses every prose field of `model`.
    pub fn of(model: &Model) -> Self {
        let mut out = ProseFields {
            fields: Vec::new(),
            by_place: HashMap::new(),
        };
        let submission = &model.submission;
        out.push(
            submission,
            "/summary/text",
            submission.value.summary.as_ref().map(|s| s.text.as_str()),
            Region::Summary,
        );
        for (i, organisation) in submission.value.organisation.iter().enumerate() {
            out.push(
                submission,
                &format!("/organisation/{i}/about"),
                organisation.about.as_deref(),
                Region::Organisation,
            );
        }
        for (index, chapter) in model.chapters.iter().enumerate() {
            let file = &chapter.file;
            let value = &file.value;
            let region = Region::Chapter(index);
            out.push(file, "/text", value.text.as_deref(), region);
            for (p, part) in value.part.iter().enumerate() {
                let base = format!("/part/{p}");
                out.push(file, &format!("{base}/text"), part.text.as_deref(), region);
                for (s, section) in part.section.iter().enumerate() {
                    let pointer = format!("{base}/section/{s}");
                    out.push(
                        file,
                        &format!("{pointer}/text"),
                        Some(&section.text),
                        region,
                    );
                    out.recommendations(
                        file,
                        &pointer,
                        &section.recommendation,
                        section.recommendation_intro.as_deref(),
                        region,
                    );
                }
                out.recommendations(
                    file,
                    &base,
                    &part.recommendation,
                    part.recommendation_intro.as_deref(),
                    region,
                );
            }
            out.recommendations(
                file,
                "",
                &value.recommendation,
                value.recommendation_intro.as_deref(),
                region,
            );
        }
        if let Some(assessment) = &model.assessment {
            for (i, entry) in assessment.value.assessment.iter().enumerate() {
                out.push(
                    assessment,
                    &format!("/assessment/{i}/comment"),
                    entry.comment.as_deref(),
                    Region::ComplianceTable,
                );
            }
        }
        out.push(
            submission,
            "/recommendation_list/intro",
            submission.value.recommendation_list.intro.as_deref(),
            Region::Recommendations,
        );
        for (i, recommendation) in submission.value.recommendation.iter().enumerate() {
            out.push(
                submission,
                &format!("/recommendation/{i}/text"),
                Some(&recommendation.text),
                Region::Recommendations,
            );
        }
        out
    }

    /// The organisation's recommendations of a chapter, part or section
    /// (`base` is its pointer) and their introduction.
    fn recommendations<T>(
        &mut self,
        owner: &Loaded<T>,
        base: &str,
        recommendations: &[crate::model::NewRecommendation],
        intro: Option<&str>,
        region: Region,
    ) {
        self.push(
            owner,
            &format!("{base}/recommendation_intro"),
            intro,
            region,
        );
        for (i, recommendation) in recommendations.iter().enumerate() {
            self.push(
                owner,
                &format!("{base}/recommendation/{i}/text"),
                Some(&recommendation.text),
                region,
            );
        }
    }

    fn push<T>(&mut self, owner: &Loaded<T>, pointer: &str, text: Option<&str>, region: Region) {
        let Some(text) = text else { return };
        // A variant may replace the text: it is then in the variant's file.
        let (file, span) = owner.value_at(pointer);
        let parsed = prose::parse_checked(text);
        self.by_place
            .insert((owner.file, pointer.to_string()), self.fields.len());
        self.fields.push(ProseField {
            owner: owner.file,
            file,
            pointer: pointer.to_string(),
            span,
            text: text.to_string(),
            blocks: parsed.blocks,
            problems: parsed.problems,
            region,
        });
    }

    /// The parsed blocks of the field at `pointer` of `owner`; none if it is absent.
    pub fn blocks<T>(&self, owner: &Loaded<T>, pointer: &str) -> Vec<Block> {
        self.by_place
            .get(&(owner.file, pointer.to_string()))
            .map(|&i| self.fields[i].blocks.clone())
            .unwrap_or_default()
    }
}
