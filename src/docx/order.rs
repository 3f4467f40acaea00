//! The children of WordprocessingML property elements in the order the
//! schema (ECMA-376 part 1) gives them. docx-rs writes some out of order
//! (`w:sz` before `w:b`, `w:rPr` first in `w:pPr`, `w:headerReference`
//! last in `w:sectPr`, a style's `w:basedOn` after its properties):
//! LibreOffice does not mind, but Word drops or "repairs" such children
//! (a heading may lose its bold) and Word for the web refuses the file.

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Run properties (`CT_RPr`, and `CT_ParaRPr` with its revision marks first).
const RUN: &[&str] = &[
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
    "rPrChange",
];

const PARAGRAPH: &[&str] = &[
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
];

const TABLE: &[&str] = &[
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
    "tblPrChange",
];

const CELL: &[&str] = &[
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
    "headers",
    "cellIns",
    "cellDel",
    "cellMerge",
    "tcPrChange",
];

const BORDERS: &[&str] = &[
    "top", "start", "left", "bottom", "end", "right", "insideH", "insideV", "tl2br", "tr2bl",
    "between", "bar",
];

/// Header and footer references form one group, in any order: same rank.
const SECTION: &[&str] = &[
    "headerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
];

const STYLE: &[&str] = &[
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "personalCompose",
    "personalReply",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblStylePr",
];

/// `CT_Settings`, as far as a document of ours can hold it.
const SETTINGS: &[&str] = &[
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
    "mirrorMargins",
    "alignBordersAndEdges",
    "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter",
    "gutterAtTop",
    "hideSpellingErrors",
    "hideGrammaticalErrors",
    "activeWritingStyle",
    "proofState",
    "formsDesign",
    "attachedTemplate",
    "linkStyles",
    "stylePaneFormatFilter",
    "stylePaneSortMethod",
    "documentType",
    "mailMerge",
    "revisionView",
    "trackRevisions",
    "doNotTrackMoves",
    "doNotTrackFormatting",
    "documentProtection",
    "autoFormatOverride",
    "styleLockTheme",
    "styleLockQFSet",
    "defaultTabStop",
    "autoHyphenation",
    "consecutiveHyphenLimit",
    "hyphenationZone",
    "doNotHyphenateCaps",
    "showEnvelope",
    "summaryLength",
    "clickAndTypeStyle",
    "defaultTableStyle",
    "evenAndOddHeaders",
    "bookFoldRevPrinting",
    "bookFoldPrinting",
    "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing",
    "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery",
    "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin",
    "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin",
    "doNotShadeFormData",
    "noPunctuationKerning",
    "characterSpacingControl",
    "printTwoOnOne",
    "strictFirstAndLastChars",
    "noLineBreaksAfter",
    "noLineBreaksBefore",
    "savePreviewPicture",
    "doNotValidateAgainstSchema",
    "saveInvalidXml",
    "ignoreMixedContent",
    "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml",
    "saveXmlDataOnly",
    "useXSLTWhenSaving",
    "saveThroughXslt",
    "showXMLTags",
    "alwaysMergeEmptyNamespace",
    "updateFields",
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
];

/// The schema's order of the children of a `w:` element, if it has one
/// that docx-rs may break.
fn sequence(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "rPr" => RUN,
        "pPr" => PARAGRAPH,
        "tblPr" => TABLE,
        "tcPr" => CELL,
        "tblBorders" | "tcBorders" | "pBdr" => BORDERS,
        "sectPr" => SECTION,
        "style" => STYLE,
        "settings" => SETTINGS,
        _ => return None,
    })
}

fn rank(order: &[&str], node: roxmltree::Node) -> usize {
    if node.tag_name().namespace() != Some(W) {
        return order.len();
    }
    match node.tag_name().name() {
        "footerReference" => 0,
        name => order.iter().position(|n| *n == name).unwrap_or(order.len()),
    }
}

/// The part with the children of every property element in schema order;
/// everything else byte for byte as it was.
pub(super) fn canonical(xml: &str) -> Result<String, String> {
    let tree = roxmltree::Document::parse(xml).map_err(|e| e.to_string())?;
    let root = tree.root_element();
    let mut out = String::with_capacity(xml.len());
    out.push_str(&xml[..root.range().start]);
    emit(xml, root, &mut out);
    out.push_str(&xml[root.range().end..]);
    Ok(out)
}

fn emit(xml: &str, node: roxmltree::Node, out: &mut String) {
    let range = node.range();
    let children: Vec<roxmltree::Node> = node.children().collect();
    let (Some(first), Some(last)) = (children.first(), children.last()) else {
        out.push_str(&xml[range]);
        return;
    };
    if !node.is_element() {
        out.push_str(&xml[range]);
        return;
    }
    out.push_str(&xml[range.start..first.range().start]);
    let order = (node.tag_name().namespace() == Some(W))
        .then(|| sequence(node.tag_name().name()))
        .flatten();
    match order {
        Some(order) => {
            // Only elements: property elements hold no text of their own.
            let mut elements: Vec<roxmltree::Node> = children
                .iter()
                .copied()
                .filter(|c| c.is_element())
                .collect();
            elements.sort_by_key(|c| rank(order, *c));
            for child in elements {
                emit(xml, child, out);
            }
        }
        None => {
            let mut at = first.range().start;
            for child in &children {
                out.push_str(&xml[at..child.range().start]);
                emit(xml, *child, out);
                at = child.range().end;
            }
        }
    }
    out.push_str(&xml[last.range().end..range.end]);
}

#[cfg(test)]
mod tests {
    use super::canonical;

    fn wrap(body: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{body}</w:document>"#
        )
    }

    #[test]
    fn run_and_paragraph_properties_follow_the_schema() {
        let before = wrap(
            r#"<w:p><w:pPr><w:rPr><w:lang w:val="fr-FR" /></w:rPr><w:jc w:val="left" /><w:pStyle w:val="Heading1" /></w:pPr><w:r><w:rPr><w:sz w:val="28" /><w:b /><w:rFonts w:ascii="Times New Roman" /></w:rPr><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p>"#,
        );
        let after = wrap(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1" /><w:jc w:val="left" /><w:rPr><w:lang w:val="fr-FR" /></w:rPr></w:pPr><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" /><w:b /><w:sz w:val="28" /></w:rPr><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p>"#,
        );
        assert_eq!(canonical(&before).unwrap(), after);
        // Already in order: unchanged, byte for byte.
        assert_eq!(canonical(&after).unwrap(), after);
    }

    #[test]
    fn section_references_come_first_in_their_own_order() {
        let before = wrap(
            r#"<w:sectPr><w:pgSz w:w="1" /><w:headerReference w:type="default" /><w:footerReference w:type="default" /><w:headerReference w:type="first" /><w:titlePg /></w:sectPr>"#,
        );
        let after = wrap(
            r#"<w:sectPr><w:headerReference w:type="default" /><w:footerReference w:type="default" /><w:headerReference w:type="first" /><w:pgSz w:w="1" /><w:titlePg /></w:sectPr>"#,
        );
        assert_eq!(canonical(&before).unwrap(), after);
    }
}
