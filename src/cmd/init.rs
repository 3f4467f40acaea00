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
    /// The language of the submission: the example text and labels are written in it.
    #[arg(long, value_enum, default_value = "en")]
    language: InitLanguage,
}

/// The languages `init` writes examples in.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum InitLanguage {
    /// English.
    En,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Russian.
    Ru,
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
    for (path, text) in files(state, &code, args.joint, args.language) {
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
pub fn files(
    state: &str,
    code: &str,
    joint: bool,
    language: InitLanguage,
) -> Vec<(String, String)> {
    let (kind, organisations) = if joint {
        ("joint", format!("{ORGANISATION}\n{PARTNER}"))
    } else {
        ("individual", ORGANISATION.to_string())
    };
    let texts = texts(language);
    let fill = |template: &str| {
        let mut out = template
            .replace("{organisations}", &organisations)
            .replace("{kind}", kind)
            .replace("{code}", code);
        for (key, value) in texts {
            out = out.replace(&format!("{{{key}}}"), value);
        }
        out.replace("{state}", state)
    };
    let mut files = vec![
        ("submission.toml".to_string(), fill(SUBMISSION)),
        ("cases/first-case.toml".to_string(), fill(CASE)),
        ("sources.toml".to_string(), fill(SOURCES)),
        ("previous/recommendations.toml".to_string(), fill(PREVIOUS)),
        ("assessment.toml".to_string(), fill(ASSESSMENT)),
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
title = "{title}"
state = "{state}"
state_code = "{code}"          # ISO 3166-1 alpha-3 code
language = "{language}"                # en, fr, es or ru
kind = "{kind}"          # individual (2,815 words) or joint (5,630 words)
date = 2026-03-01              # the date you send it: year-month-day, no quotes

[review]                       # the review this submission is for
cycle = 4
session = 52
# start = 2026-11-02           # first and last day of the Working Group session, if known
# end = 2026-11-13

[previous]                     # the review whose recommendations you assess
cycle = 3
session = 38                   # replace: the Working Group session of that review
# Replace the placeholder with the symbol of the Working Group report of the
# previous review (on its first page, e.g. A/HRC/43/15); `uprc check` warns
# until you do. Then fill previous/recommendations.toml from OHCHR's files:
#   uprc import <thematic list .docx, or report + addendum .pdf> -o previous/recommendations.toml --force
report = "A/HRC/??/??"
recommendations = "previous/recommendations.toml"

[content]
# Chapters (cases and thematic sections) in the order they are printed.
chapters = ["cases/first-case.toml"]
sources = "sources.toml"
assessment = "assessment.toml"

{organisations}
[summary]
keywords = [{keywords}]
text = """
{summary}"""
"#;

const ORGANISATION: &str = r#"[[organisation]]               # one [[organisation]] per submitting organisation
name = "{organisation}"
abbreviation = "OO"
established = 2010
country = "{country}"
about = """
{about}"""
"#;

const PARTNER: &str = r#"[[organisation]]
name = "{partner}"
abbreviation = "PO"
established = 2015
about = """
{partner_about}"""
"#;

const CASE: &str = r#"#:schema ../schemas/chapter.schema.json
# A chapter: a case of violations (kind = "case") or a thematic section
# (kind = "section"). Its id, used as evidence in assessment.toml, is the
# file name without .toml: here "first-case".

kind = "case"
title = "{case_title}"
# Recommendations of the previous review this chapter concerns.
recommendations = ["1.1"]

# Each [[part]] has a sub-heading (printed A., B., …) and text. Every
# paragraph of text is numbered in the PDF. Leave a blank line between
# paragraphs. Cite a source with [@key], the key of an entry of
# sources.toml, with a page if you like: [@key, p. 4]. uprc puts the mark
# where the language wants it.
[[part]]
heading = "{facts}"
text = """
{facts_text}[@news-report]

{court_text}[@trial-monitoring, p. 4]"""

[[part]]
heading = "{response}"
text = """
{response_text}[@news-report]"""

# Your recommendations on this case, printed at the end of the chapter.
[[recommendation]]
text = "{recommendation}"
follows = ["1.1"]
"#;

const SOURCES: &str = r#"#:schema schemas/sources.schema.json
# Every source once. The name in [brackets] is the key you cite in the text
# as [@key]. The first citation prints the full reference as a note; later
# citations print "Ibid." or a short form pointing back to it. `kind` is one
# of report (the default), article, web, book, un-document, court-decision,
# legislation, upr-submission.

[news-report]
kind = "article"
title = "{news_title}"
container = "{newspaper}"
date = "{news_date}"
url = "https://example.org/news/journalist-arrested"

[trial-monitoring]
publisher = "{organisation}"
title = "{report_title}"
date = "{report_date}"
url = "https://example.org/reports/trial"
"#;

const PREVIOUS: &str = r#"#:schema ../schemas/previous.schema.json
# The recommendations of the previous review, numbered as the Working Group
# report numbers them (paragraph.item). These two are placeholders: replace
# this file with the real list, imported from OHCHR's own files:
#   uprc import <thematic list .docx, or report + addendum .pdf> -o previous/recommendations.toml --force

report = "A/HRC/??/??"

[[recommendation]]
id = "1.1"
by = ["Norway"]
response = "supported"          # supported, noted or pending
text = "{previous_1}"

[[recommendation]]
id = "1.2"
by = ["Canada", "Chile"]
response = "noted"
text = "{previous_2}"
"#;

const ASSESSMENT: &str = r#"#:schema schemas/assessment.schema.json
# Your assessment of how the State implemented the previous recommendations.
# Each becomes a row of the compliance table.

[[assessment]]
recommendation = "1.1"          # or several assessed together: ["1.1", "1.4-1.7"]
status = "not-implemented"      # implemented, partially-implemented, not-implemented or unclear
evidence = ["first-case"]       # chapters that show it (file names without .toml), or a part: "first-case#facts"
comment = "{comment}"
"#;

/// The example text of a new submission, in its language.
fn texts(language: InitLanguage) -> &'static [(&'static str, &'static str)] {
    match language {
        InitLanguage::En => &[
            ("language", "en"),
            (
                "title",
                "{state}: a submission to the Universal Periodic Review",
            ),
            ("keywords", "\"fair trial\", \"freedom of expression\""),
            (
                "summary",
                "One or two paragraphs saying what the submission is about. They are printed\nfirst and are not numbered.",
            ),
            ("organisation", "Our Organisation"),
            ("country", "Country where you are based"),
            (
                "about",
                "What the organisation does: its main activities (OHCHR asks for them).",
            ),
            ("partner", "Partner Organisation"),
            ("partner_about", "What the partner does."),
            ("case_title", "Case of a detained journalist"),
            ("facts", "Facts"),
            (
                "facts_text",
                "A journalist of {state} was arrested after reporting on a protest.",
            ),
            (
                "court_text",
                "The court did not hear the witnesses for the defence.",
            ),
            ("response", "Response of the authorities"),
            ("response_text", "The authorities said the trial was fair."),
            (
                "recommendation",
                "Release the journalist and review the conviction in a fair trial.",
            ),
            ("news_title", "Journalist arrested"),
            ("newspaper", "A Newspaper"),
            ("news_date", "12 January 2026"),
            ("report_title", "Trial monitoring report"),
            ("report_date", "February 2026"),
            (
                "previous_1",
                "Guarantee the right to a fair trial for journalists",
            ),
            ("previous_2", "Decriminalise defamation"),
            ("comment", "The defence witnesses were not heard."),
        ],
        InitLanguage::Fr => &[
            ("language", "fr"),
            (
                "title",
                "{state} : contribution à l’Examen périodique universel",
            ),
            ("keywords", "\"procès équitable\", \"liberté d’expression\""),
            (
                "summary",
                "Un ou deux paragraphes qui disent de quoi traite la contribution. Ils sont\nimprimés en premier et ne sont pas numérotés.",
            ),
            ("organisation", "Notre organisation"),
            ("country", "Pays où vous êtes établis"),
            (
                "about",
                "Ce que fait l’organisation : ses principales activités (le HCDH les demande).",
            ),
            ("partner", "Organisation partenaire"),
            ("partner_about", "Ce que fait le partenaire."),
            ("case_title", "Cas d’un journaliste détenu"),
            ("facts", "Les faits"),
            (
                "facts_text",
                "Un journaliste a été arrêté après avoir rendu compte d’une manifestation.",
            ),
            (
                "court_text",
                "Le tribunal n’a pas entendu les témoins de la défense.",
            ),
            ("response", "Réponse des autorités"),
            (
                "response_text",
                "Les autorités ont affirmé que le procès était équitable.",
            ),
            (
                "recommendation",
                "Libérer le journaliste et réexaminer sa condamnation dans un procès équitable.",
            ),
            ("news_title", "Un journaliste arrêté"),
            ("newspaper", "Un quotidien"),
            ("news_date", "12 janvier 2026"),
            ("report_title", "Rapport d’observation du procès"),
            ("report_date", "février 2026"),
            (
                "previous_1",
                "Garantir le droit des journalistes à un procès équitable",
            ),
            ("previous_2", "Dépénaliser la diffamation"),
            (
                "comment",
                "Les témoins de la défense n’ont pas été entendus.",
            ),
        ],
        InitLanguage::Es => &[
            ("language", "es"),
            (
                "title",
                "{state}: contribución al Examen Periódico Universal",
            ),
            (
                "keywords",
                "\"juicio imparcial\", \"libertad de expresión\"",
            ),
            (
                "summary",
                "Uno o dos párrafos que dicen de qué trata la contribución. Se imprimen\nprimero y no se numeran.",
            ),
            ("organisation", "Nuestra organización"),
            ("country", "País donde tiene su sede"),
            (
                "about",
                "Lo que hace la organización: sus principales actividades (el ACNUDH las pide).",
            ),
            ("partner", "Organización asociada"),
            ("partner_about", "Lo que hace la organización asociada."),
            ("case_title", "Caso de un periodista detenido"),
            ("facts", "Los hechos"),
            (
                "facts_text",
                "Un periodista fue detenido después de informar sobre una manifestación.",
            ),
            (
                "court_text",
                "El tribunal no escuchó a los testigos de la defensa.",
            ),
            ("response", "Respuesta de las autoridades"),
            (
                "response_text",
                "Las autoridades afirmaron que el juicio fue imparcial.",
            ),
            (
                "recommendation",
                "Liberar al periodista y revisar su condena en un juicio imparcial.",
            ),
            ("news_title", "Detenido un periodista"),
            ("newspaper", "Un diario"),
            ("news_date", "12 de enero de 2026"),
            ("report_title", "Informe de observación del juicio"),
            ("report_date", "febrero de 2026"),
            (
                "previous_1",
                "Garantizar el derecho de los periodistas a un juicio imparcial",
            ),
            ("previous_2", "Despenalizar la difamación"),
            ("comment", "No se escuchó a los testigos de la defensa."),
        ],
        InitLanguage::Ru => &[
            ("language", "ru"),
            (
                "title",
                "{state}: материалы для универсального периодического обзора",
            ),
            (
                "keywords",
                "\"справедливое судебное разбирательство\", \"свобода выражения мнений\"",
            ),
            (
                "summary",
                "Один-два абзаца о том, чему посвящены материалы. Они печатаются\nпервыми и не нумеруются.",
            ),
            ("organisation", "Наша организация"),
            ("country", "Страна, где находится организация"),
            (
                "about",
                "Чем занимается организация: её основные направления деятельности (УВКПЧ просит их указать).",
            ),
            ("partner", "Организация-партнёр"),
            ("partner_about", "Чем занимается партнёр."),
            ("case_title", "Дело задержанного журналиста"),
            ("facts", "Факты"),
            (
                "facts_text",
                "Журналист был арестован после репортажа о демонстрации.",
            ),
            ("court_text", "Суд не заслушал свидетелей защиты."),
            ("response", "Ответ властей"),
            ("response_text", "Власти заявили, что суд был справедливым."),
            (
                "recommendation",
                "Освободить журналиста и пересмотреть приговор в ходе справедливого судебного разбирательства.",
            ),
            ("news_title", "Арестован журналист"),
            ("newspaper", "Ежедневная газета"),
            ("news_date", "12 января 2026 года"),
            ("report_title", "Доклад о наблюдении за процессом"),
            ("report_date", "февраль 2026 года"),
            (
                "previous_1",
                "Гарантировать право журналистов на справедливое судебное разбирательство",
            ),
            ("previous_2", "Декриминализировать клевету"),
            ("comment", "Свидетели защиты не были заслушаны."),
        ],
    }
}
