//! The labels UN documents number things with: Roman chapter numerals,
//! capital letters for parts, lower-case letters for table notes. One
//! place, used by `lower` (what is printed) and `check` (what is reported).

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
}
