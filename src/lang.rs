//! The words `lower` writes into the document itself, per language: note
//! forms ("Ibid.", "see note 3"), dates in notes, the default introduction
//! of recommendations, list labels. Layout labels (headings of the first
//! page, the table) stay with the template, in `templates/un/lang/`.

use crate::model::{Date, Language};

/// The words of one language.
pub struct Words {
    /// Quotation marks around a title.
    pub quotes: (&'static str, &'static str),
    /// "ibid." as written inside a sentence (capitalised at the start of a note).
    pub ibid: &'static str,
    /// "ibid., {locator}": the same source, another place in it.
    pub ibid_locator: &'static str,
    /// "see note {n}".
    pub see_note: &'static str,
    /// "accessed {date}".
    pub accessed: &'static str,
    /// "hereinafter {abbreviation}".
    pub hereinafter: &'static str,
    /// What a submission to the UPR is called in a note.
    pub upr_submission: &'static str,
    /// "For the relevant recommendations, see {report}, {paras}."
    pub relevant_recommendations: &'static str,
    /// "para." / "paras." before recommendation numbers.
    pub para: (&'static str, &'static str),
    /// The State's own claim about a recommendation, as a table note.
    pub claim: &'static str,
    /// "and" between the last two items of a list.
    pub and: &'static str,
    /// The default introduction of a list of recommendations.
    pub recommend: &'static str,
    /// "Recommendations" (the closing chapter) and the contact block's title.
    pub recommendations: &'static str,
    /// Months, as a date in a sentence needs them.
    pub months: [&'static str; 12],
    /// "{day} {month} {year}".
    pub date: &'static str,
    /// The first of a month, where the language writes it differently ("1er").
    pub day_one: Option<&'static str>,
}

/// The words of `language`.
pub fn words(language: Language) -> &'static Words {
    match language {
        Language::En => &EN,
        Language::Fr => &FR,
        Language::Es => &ES,
        Language::Ru => &RU,
    }
}

static EN: Words = Words {
    quotes: ("“", "”"),
    ibid: "ibid.",
    ibid_locator: "ibid., {locator}",
    see_note: "see note {n}",
    accessed: "accessed {date}",
    hereinafter: "hereinafter {abbreviation}",
    upr_submission: "submission to the Universal Periodic Review",
    relevant_recommendations: "For the relevant recommendations, see {report}, {paras}.",
    para: ("para.", "paras."),
    claim: "State’s claim: {claim}",
    and: "and",
    recommend: "We recommend that the Government of {state}:",
    recommendations: "Recommendations",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    date: "{day} {month} {year}",
    day_one: None,
};

static FR: Words = Words {
    quotes: ("«\u{a0}", "\u{a0}»"),
    ibid: "ibid.",
    ibid_locator: "ibid., {locator}",
    see_note: "voir note {n}",
    accessed: "consulté le {date}",
    hereinafter: "ci-après {abbreviation}",
    upr_submission: "contribution à l’Examen périodique universel",
    relevant_recommendations: "Pour les recommandations pertinentes, voir {report}, {paras}.",
    para: ("par.", "par."),
    claim: "Position de l’État\u{a0}: {claim}",
    and: "et",
    recommend: "Nous recommandons au Gouvernement\u{a0}:",
    recommendations: "Recommandations",
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    date: "{day} {month} {year}",
    day_one: Some("1er"),
};

static ES: Words = Words {
    quotes: ("«", "»"),
    ibid: "ibid.",
    ibid_locator: "ibid., {locator}",
    see_note: "véase la nota {n}",
    accessed: "consultado el {date}",
    hereinafter: "en adelante, {abbreviation}",
    upr_submission: "contribución al Examen Periódico Universal",
    relevant_recommendations: "Para las recomendaciones pertinentes, véase {report}, {paras}.",
    para: ("párr.", "párrs."),
    claim: "Afirmación del Estado: {claim}",
    and: "y",
    recommend: "Recomendamos al Gobierno:",
    recommendations: "Recomendaciones",
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    date: "{day} de {month} de {year}",
    day_one: None,
};

static RU: Words = Words {
    quotes: ("«", "»"),
    ibid: "там же.",
    ibid_locator: "там же, {locator}",
    see_note: "см. примечание {n}",
    accessed: "дата обращения: {date}",
    hereinafter: "далее – {abbreviation}",
    upr_submission: "материалы для универсального периодического обзора",
    relevant_recommendations: "Соответствующие рекомендации см. в {report}, {paras}.",
    para: ("п.", "пп."),
    claim: "Позиция государства: {claim}",
    and: "и",
    recommend: "Мы рекомендуем правительству:",
    recommendations: "Рекомендации",
    // In the genitive, as a date needs them.
    months: [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    date: "{day} {month} {year} года",
    day_one: None,
};

impl Words {
    /// A date as written in a sentence: "20 March 2014", "1er mars 2014".
    pub fn format_date(&self, date: Date) -> String {
        let day = match (date.day, self.day_one) {
            (1, Some(first)) => first.to_string(),
            (day, _) => day.to_string(),
        };
        let month = self.months[usize::from(date.month.clamp(1, 12)) - 1];
        self.date
            .replace("{day}", &day)
            .replace("{month}", month)
            .replace("{year}", &date.year.to_string())
    }
}

/// Upper-cases the first letter of `text`.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_each_language() {
        let date = Date::parse("2014-03-01").unwrap();
        assert_eq!(words(Language::En).format_date(date), "1 March 2014");
        assert_eq!(words(Language::Fr).format_date(date), "1er mars 2014");
        assert_eq!(words(Language::Es).format_date(date), "1 de marzo de 2014");
        assert_eq!(words(Language::Ru).format_date(date), "1 марта 2014 года");
        assert_eq!(capitalise("там же."), "Там же.");
    }
}
