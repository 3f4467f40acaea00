//! The labels UN documents number things with: Roman chapter numerals,
//! capital letters for parts, lower-case letters for table notes. One
//! place, used by `lower` (what is printed) and `check` (what is reported).

use std::collections::HashMap;

/// Upper-case Roman numeral, as UN chapters are numbered: 1 → "I", 14 → "XIV".
pub fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// Capital letters for the `n`-th part (from 1): "A", "B", … "Z", "AA", …
pub fn letter(n: usize) -> String {
    let mut n = n;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Lower-case letters for the `n`-th table note (from 1): "a", … "z", "aa", …
pub fn table_letter(n: usize) -> String {
    letter(n).to_lowercase()
}

/// The label of a chapter heading: "I.", "XIV."
pub fn chapter_label(n: usize) -> String {
    format!("{}.", roman(n))
}

/// Recommendation ids as a reader wants them: in the report's order, runs
/// of neighbours in one paragraph as ranges, e.g. "115.44–115.47 and
/// 115.52" (with `and`) or "115.44–115.47, 115.52" (without). Ids the
/// report does not have are left out.
pub fn compress_ids(ids: &[&str], order: &HashMap<&str, usize>, and: &str) -> String {
    let mut known: Vec<(usize, &str)> = ids
        .iter()
        .filter_map(|id| order.get(id).map(|&i| (i, *id)))
        .collect();
    known.sort();
    known.dedup();
    // (position of the last id, first id, last id)
    let mut runs: Vec<(usize, &str, &str)> = Vec::new();
    for (position, id) in known {
        match runs.last_mut() {
            Some(run) if run.0 + 1 == position && same_paragraph(run.1, id) => {
                run.0 = position;
                run.2 = id;
            }
            _ => runs.push((position, id, id)),
        }
    }
    let pieces: Vec<String> = runs
        .iter()
        .map(|&(_, first, last)| {
            if first == last {
                first.to_string()
            } else {
                format!("{first}–{last}")
            }
        })
        .collect();
    match pieces.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] if !and.is_empty() => format!("{} {and} {last}", init.join(", ")),
        all => all.join(", "),
    }
}

/// Whether two recommendation ids are items of one paragraph ("115.44", "115.45").
pub fn same_paragraph(a: &str, b: &str) -> bool {
    a.split('.').next() == b.split('.').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_and_letters() {
        let numerals: Vec<String> = (1..=9).map(roman).collect();
        assert_eq!(
            numerals,
            ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
        );
        assert_eq!(roman(14), "XIV");
        assert_eq!(roman(1994), "MCMXCIV");
        assert_eq!(letter(1), "A");
        assert_eq!(letter(26), "Z");
        assert_eq!(letter(27), "AA");
        assert_eq!(table_letter(2), "b");
        assert_eq!(chapter_label(8), "VIII.");
    }

    #[test]
    fn recommendation_ids_compress_to_ranges() {
        let report = [
            "115.43", "115.44", "115.45", "115.46", "115.47", "115.48", "115.52", "116.1", "116.2",
        ];
        let order: HashMap<&str, usize> =
            report.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        assert_eq!(
            compress_ids(
                &["115.47", "115.44", "115.45", "115.46", "115.52"],
                &order,
                "and"
            ),
            "115.44–115.47 and 115.52"
        );
        // Neighbours in the report, but not in one paragraph.
        assert_eq!(
            compress_ids(&["115.52", "116.1", "116.2"], &order, ""),
            "115.52, 116.1–116.2"
        );
        assert_eq!(compress_ids(&["115.43", "9.9"], &order, "and"), "115.43");
    }
}
