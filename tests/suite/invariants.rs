//! Properties over generated inputs. The generator and the invariant live in
//! fuzz/harness.rs, shared with the `prose_invariant` fuzz target, which
//! runs the same check for as long as one likes.

#[allow(dead_code)]
mod harness {
    include!("../../fuzz/harness.rs");
}

use proptest::prelude::*;

/// Cases per run: each typesets a small submission (about 15 ms).
const CASES: u32 = 200;

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES,
        // Failures are reported with the shrunk Markdown; nothing written to disk.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// No text is lost: every word and punctuation character of generated
    /// prose in en/fr/es/ru is on the page in order, with one mark per citation.
    #[test]
    fn no_text_is_lost_on_the_way_to_the_page(data in proptest::collection::vec(any::<u8>(), 1..400)) {
        harness::prose_invariant(&data);
    }
}

#[test]
fn the_generator_covers_every_construct_and_language() {
    // A fixed sample of inputs exercises what the property claims to.
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..400u32 {
        let bytes: Vec<u8> = (0..300u32)
            .map(|i| {
                (seed
                    .wrapping_mul(2654435761)
                    .wrapping_add(i.wrapping_mul(40503))
                    >> 7) as u8
            })
            .collect();
        let prose = harness::generate_prose(&mut harness::Choices::new(&bytes));
        let md = &prose.markdown;
        seen.insert(prose.language.to_string());
        for (name, needle) in [
            ("emphasis", " *"),
            ("strong", " **"),
            ("underscore", " _"),
            ("link", "](https://"),
            ("code", " `"),
            ("citation", "[^"),
            ("pandoc citation with a locator", ", p. "),
            ("several sources in one note", "; see also @"),
            ("inline note", "^[A note"),
            ("bullet list", "- "),
            ("ordered list", "1. "),
            ("quote", "> "),
            ("guillemets", "«"),
            ("mark after punctuation", ".["),
            ("mark before punctuation", "]."),
        ] {
            if md.contains(needle) {
                seen.insert(name.to_string());
            }
        }
    }
    assert_eq!(seen.len(), 19, "{seen:?}");
}
