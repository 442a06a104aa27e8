//! Property tests of the parsers: they never panic on any input, and the round trips
//! that must hold do hold.

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;
use vanban::model::catalogue::normalize_task_code;
use vanban::model::period::Period;
use vanban::read::deadline::parse_deadline;
use vanban::read::legacy::{Legacy, decode, detect, encode};
use vanban::read::sheet::Value;
use vanban::read::values::{parse_count, parse_date, parse_date_text, parse_status};
use vanban::text::{clean, compact_key, fold};

/// Vietnamese-looking text: letters with and without marks, digits, punctuation.
fn viet_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 ,.;:/()\\-àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐƯƠ]{0,60}").unwrap()
}

/// Real Vietnamese text: words of the seed annex (every syllable a real one, with its
/// capitals, abbreviations and numbers) strung together with spaces and punctuation.
fn seed_sentence() -> impl Strategy<Value = String> {
    static WORDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let words = WORDS
        .get_or_init(|| {
            let mut w: Vec<String> = vanban::sample::SEED_ANNEX_TSV
                .split(|c: char| c.is_whitespace() || ",.;:()\"".contains(c))
                .filter(|w| !w.is_empty())
                .map(clean)
                .collect();
            w.sort();
            w.dedup();
            w
        })
        .clone();
    proptest::collection::vec(
        (
            proptest::sample::select(words),
            proptest::sample::select(vec![" ", " ", " ", ", ", "; ", ": ", " - ", "/"]),
        ),
        1..25,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(w, sep)| format!("{w}{sep}"))
            .collect::<String>()
            .trim()
            .to_string()
    })
}

proptest! {
    // The legacy detector on 2,000 sentences of the seed's words, the same ones on every
    // run (a fixed seed): a few short sentences in a million read both ways as TCVN3
    // and VNI ("vị thị Bưu" in VNI is also well-formed TCVN3), which no rule without a
    // dictionary can settle; a run that stumbled on one would fail CI at random.
    #![proptest_config(ProptestConfig {
        cases: 2000,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20_191_227),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn vietnamese_unicode_text_is_never_taken_for_a_legacy_encoding(s in seed_sentence()) {
        prop_assert_eq!(detect(&s), None, "{}", s);
    }

    #[test]
    fn legacy_text_is_detected_and_restored(s in seed_sentence()) {
        // A text whose only accented letters are in capital abbreviations ("QĐ-TTg")
        // carries no syllable to judge by, and one or two words can be read both ways
        // ("Thuû" is VNI "Thủ" and TCVN3 "Thuỷ"): a sentence of three accented words
        // or more is what a cell pasted from an old document holds.
        let accented = s
            .split_whitespace()
            .filter(|w| w.chars().any(|c| !c.is_ascii() && c.is_lowercase()))
            .count();
        if accented < 3 {
            return Ok(());
        }
        for enc in [Legacy::Tcvn3, Legacy::Vni] {
            let legacy = encode(&s, enc);
            if legacy == s {
                continue;
            }
            // A legacy text made only of letters Unicode Vietnamese also has, whose words
            // are all well-formed syllables as they stand ("kÕ bá lý"), reads both ways:
            // no character says which, and it is left as it is, by design. Any other
            // character (µ ¸ ¶ ­ «…, which real TCVN3 sentences are full of) decides.
            let latin1_viet = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ";
            if !legacy.chars().any(|c| !c.is_ascii() && !latin1_viet.contains(c)) {
                continue;
            }
            prop_assert_eq!(detect(&legacy), Some(enc), "{:?}: {}", enc, legacy);
            let back = decode(&legacy, enc);
            match enc {
                Legacy::Tcvn3 => prop_assert_eq!(back.to_lowercase(), s.to_lowercase()),
                Legacy::Vni => prop_assert_eq!(back, s.clone()),
            }
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn parsers_never_panic(s in any::<String>()) {
        let _ = clean(&s);
        let _ = fold(&s);
        let _ = compact_key(&s);
        let _ = parse_status(&s);
        let _ = parse_date_text(&s);
        let _ = parse_count(&Value::Text(s.as_str().into()));
        let _ = normalize_task_code(&s);
        let _ = parse_deadline(&s, Some(2019));
        let _ = parse_deadline(&s, None);
        let _ = Period::parse_loose(&s, Some(2019));
        let _ = Period::parse_id(&s);
        let _ = detect(&s);
        let _ = decode(&s, Legacy::Tcvn3);
        let _ = decode(&s, Legacy::Vni);
    }

    #[test]
    fn viet_parsers_never_panic(s in viet_text(), y in 1900i32..2200) {
        let _ = parse_deadline(&s, Some(y));
        let _ = Period::parse_loose(&s, Some(y));
        let _ = parse_status(&s);
        let _ = parse_date_text(&s);
    }

    #[test]
    fn numbers_never_panic(n in any::<f64>()) {
        let _ = parse_date(&Value::Number(n));
        let _ = parse_count(&Value::Number(n));
    }

    #[test]
    fn nfc_and_nfd_read_the_same(s in viet_text()) {
        let nfd: String = s.nfd().collect();
        prop_assert_eq!(clean(&nfd), clean(&s));
        prop_assert_eq!(fold(&nfd), fold(&s));
        prop_assert_eq!(parse_status(&nfd), parse_status(&s));
        prop_assert_eq!(normalize_task_code(&nfd), normalize_task_code(&s));
    }

    #[test]
    fn legacy_encodings_round_trip(s in viet_text()) {
        let s = clean(&s);
        for enc in [Legacy::Tcvn3, Legacy::Vni] {
            let legacy = encode(&s, enc);
            // TCVN3 has no capitals of its own (they came from a font): compare lower case.
            prop_assert_eq!(decode(&legacy, enc).to_lowercase(), s.to_lowercase());
        }
    }

    #[test]
    fn printed_dates_parse_back(y in 1990i32..2100, m in 1u32..=12, d in 1u32..=28) {
        let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        prop_assert_eq!(parse_date_text(&date.format("%d/%m/%Y").to_string()), Ok(date));
        prop_assert_eq!(parse_date_text(&date.format("%-d-%-m-%Y").to_string()), Ok(date));
        prop_assert_eq!(parse_date_text(&date.format("%d.%m.%Y").to_string()), Ok(date));
        prop_assert_eq!(parse_date_text(&date.format("%Y-%m-%d").to_string()), Ok(date));
        prop_assert_eq!(parse_date_text(&vanban::doc::date_words(date)), Ok(date));
    }

    #[test]
    fn task_codes_normalise_to_themselves(n in 1u32..999, l in proptest::option::of(proptest::sample::select(vec!['a','b','c','d','đ','e','g','h']))) {
        let code = format!("{n}{}", l.map(String::from).unwrap_or_default());
        let got = normalize_task_code(&code);
        prop_assert_eq!(got.as_deref(), Some(code.as_str()));
        let spaced = format!("{n} {}", l.map(String::from).unwrap_or_default());
        let got = normalize_task_code(spaced.trim());
        prop_assert_eq!(got.as_deref(), Some(code.as_str()));
    }

    #[test]
    fn registry_resolution_never_panics(s in any::<String>()) {
        let r = vanban::Registry::load(&std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("inputs/co-quan.toml")).unwrap();
        let x = r.resolve(&s);
        for c in &x.agencies {
            prop_assert!(r.get(c).is_some());
        }
    }

    #[test]
    fn workbooks_from_random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = vanban::read::sheet::Workbook::from_bytes(bytes);
    }
}
