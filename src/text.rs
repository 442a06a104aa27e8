//! Vietnamese text helpers: normalisation, folding for loose comparison, roman numerals
//! and the Vietnamese letter order used for sub-items.
//!
//! Everything read from a workbook goes through [`clean`] first, so the rest of the
//! program only ever sees NFC text without control characters. Comparisons that people
//! expect to be forgiving ("Sở Tư Pháp" typed for "Sở Tư pháp", "Kiến Thuỵ" for "Kiến
//! Thụy", decomposed input from a Mac) use [`fold`] or [`compact_key`]; what is printed
//! is always the original or the registry's official spelling.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Normalises text read from a spreadsheet cell: Unicode NFC, control characters
/// removed (a tab or line break becomes a space), non-breaking and other Unicode spaces
/// made plain spaces, runs of spaces collapsed, ends trimmed.
pub fn clean(s: &str) -> String {
    // Most text is already NFC: the quick check spares composing it again.
    let nfc: std::borrow::Cow<str> = if unicode_normalization::is_nfc_quick(s.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfc().collect())
    };
    let mut out = String::with_capacity(nfc.len());
    let mut pending_space = false;
    for c in nfc.chars() {
        let c = if c.is_whitespace() || c == '\u{00A0}' {
            ' '
        } else if c.is_control() || is_invisible(c) {
            continue;
        } else {
            c
        };
        if c == ' ' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Zero-width and directional formatting characters that are invisible in a cell but
/// would break comparisons.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// Folds one character to its loose-comparison form: lowercase, without diacritics or
/// tone marks, `đ` → `d`, any dash → `-`, any whitespace → space. Always exactly one
/// character, so a folded string lines up with its source character by character.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return if c.is_whitespace() {
            ' '
        } else {
            c.to_ascii_lowercase()
        };
    }
    match fold_table().get(c as usize) {
        Some(&f) => f,
        None => fold_char_uncached(c),
    }
}

/// The characters [`fold`] reads without composing them first: up to U+10FF (Latin,
/// Greek, Cyrillic, the combining marks, Indic scripts whose marks are dropped anyway)
/// and U+1E00–U+206F (Latin Extended Additional, where Vietnamese lives, Greek
/// Extended, general punctuation). Dropping the marks of a decomposed sequence gives the
/// same letter as dropping them from its composed form; only two letters composing into
/// one (Hangul) need NFC first, and they lie outside.
fn folds_without_nfc(c: char) -> bool {
    matches!(c as u32, 0..=0x10FF | 0x1E00..=0x206F)
}

/// [`fold_char`] of every character below U+2070, computed once: folding is in every
/// comparison of names and titles, and decomposing the same few hundred letters again
/// for each was a tenth of a run.
fn fold_table() -> &'static [char] {
    static TABLE: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0u32..0x2070)
            .map(|u| char::from_u32(u).map_or('\0', fold_char_uncached))
            .collect()
    })
}

fn fold_char_uncached(c: char) -> char {
    match c {
        'đ' | 'Đ' | 'ð' | 'Ð' => return 'd',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => return '-',
        c if c.is_whitespace() => return ' ',
        _ => {}
    }
    let mut base = None;
    decompose_canonical(c, |d| {
        if base.is_none() && !is_combining_mark(d) {
            base = Some(d);
        }
    });
    let base = base.unwrap_or(c);
    base.to_lowercase().next().unwrap_or(base)
}

/// Loose form of a text for comparisons: NFC, lowercase, no diacritics, `đ` → `d`,
/// dashes unified, whitespace collapsed. Tone placement (Thủy/Thuỷ) no longer matters
/// because the tone marks are gone.
pub fn fold(s: &str) -> String {
    if s.chars().all(folds_without_nfc) {
        fold_chars(s.chars(), s.len(), fold_char)
    } else {
        fold_chars(s.nfc(), s.len(), fold_char)
    }
}

/// Folds characters one by one with `fold_char`, dropping combining marks and
/// collapsing spaces.
fn fold_chars(
    chars: impl Iterator<Item = char>,
    len: usize,
    fold_char: impl Fn(char) -> char,
) -> String {
    let mut out = String::with_capacity(len);
    let mut space = false;
    for c in chars {
        if !c.is_ascii() && is_combining_mark(c) {
            continue;
        }
        let f = fold_char(c);
        if f == ' ' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(f);
    }
    out
}

/// Abbreviations of administrative-reform texts, folded, and what they stand for.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("vbqppl", "van ban quy pham phap luat"),
    ("qppl", "quy pham phap luat"),
    ("tthc", "thu tuc hanh chinh"),
    ("cchc", "cai cach hanh chinh"),
    ("dvctt", "dich vu cong truc tuyen"),
    ("dvc", "dich vu cong"),
    ("cbccvc", "can bo cong chuc vien chuc"),
    ("cbcc", "can bo cong chuc"),
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("hs", "ho so"),
    ("gq", "giai quyet"),
    ("gqtthc", "giai quyet thu tuc hanh chinh"),
    ("md", "muc do"),
    ("vb", "van ban"),
    ("kt", "kiem tra"),
    ("dv", "don vi"),
    ("cntt", "cong nghe thong tin"),
    ("dn", "doanh nghiep"),
];

/// The words of a text for comparing meanings: folded, punctuation as spaces, the
/// field's abbreviations written out.
pub fn plain_words(s: &str) -> String {
    plain_words_folded(&fold(s))
}

/// [`plain_words`] of a text already folded ([`fold`]): for a caller that keeps the
/// folded text too, so it is not folded twice.
pub fn plain_words_folded(folded: &str) -> String {
    let spaced: String = folded
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    expand_abbreviations(&spaced)
}

/// The meaningful words of a text, sorted and unique: [`plain_words`] less `filler`.
pub fn word_set(text: &str, filler: &[&str]) -> Vec<String> {
    let mut words: Vec<String> = text
        .split_whitespace()
        .filter(|w| !filler.contains(w))
        .map(str::to_string)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// The words of a folded text with the field's abbreviations written out ("ho so tthc"
/// → "ho so thu tuc hanh chinh"), separated by single spaces.
pub fn expand_abbreviations(folded: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for w in folded.split_whitespace() {
        match ABBREVIATIONS.iter().find(|(a, _)| *a == w) {
            Some((_, full)) => out.extend(full.split(' ')),
            None => out.push(w),
        }
    }
    out.join(" ")
}

/// Key for matching names: [`fold`], "ủy ban nhân dân" taken as "ubnd", then only
/// letters and digits kept ("KH & ĐT" = "KH&ĐT" = "khdt", "VP UBND TP" = "VP UBNDTP").
pub fn compact_key(s: &str) -> String {
    let folded = fold(s).replace("uy ban nhan dan", "ubnd");
    folded.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Key of a header or label cell: [`fold`], punctuation as spaces, spaces collapsed
/// ("Cơ quan\nphối hợp" → "co quan phoi hop", "Kỳ báo cáo:" → "ky bao cao").
pub fn header_key(s: &str) -> String {
    let f: String = fold(s)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    f.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when `key` ([`header_key`]: words separated by single spaces) begins with the
/// words of `phrase`: "tinh trang thuc hien" begins with "tinh trang", not with "tinh".
pub fn starts_with_words(key: &str, phrase: &str) -> bool {
    key.strip_prefix(phrase)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// True when the words of `phrase` stand in `key` ([`header_key`]) as whole words,
/// anywhere: "da hoan thanh" holds "hoan thanh", "chua hoan thanhx" does not.
pub fn has_words(key: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    let bytes = key.as_bytes();
    let mut from = 0;
    while let Some(i) = key[from..].find(phrase).map(|i| from + i) {
        let end = i + phrase.len();
        if (i == 0 || bytes[i - 1] == b' ') && (end == key.len() || bytes[end] == b' ') {
            return true;
        }
        // The next occurrence may overlap this one ("x x" in "yx x x").
        from = i + key[i..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Parses an upper- or lower-case roman numeral (I … XXXIX). Returns `None` for
/// anything else, including an empty string.
pub fn roman_to_int(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 {
        return None;
    }
    let value = |c: char| match c.to_ascii_uppercase() {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        _ => None,
    };
    let digits: Option<Vec<u32>> = s.chars().map(value).collect();
    let digits = digits?;
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|next| next > d) {
            total -= *d as i64;
        } else {
            total += *d as i64;
        }
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
    // Reject non-canonical forms such as "IIII" or "VX" by round-tripping.
    (int_to_roman(total) == s.to_ascii_uppercase()).then_some(total)
}

/// Writes a number as an upper-case roman numeral (1 … 89).
pub fn int_to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 7] = [
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// The Vietnamese alphabet order used to letter sub-items: a b c d đ e g h i k l m n o
/// p q r s t u v x y (no f, j, w, z).
pub const VIETNAMESE_ITEM_LETTERS: [char; 24] = [
    'a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't',
    'u', 'v', 'x', 'y', 'z',
];

/// Position of a sub-item letter in the Vietnamese order (`a` = 0, `đ` = 4, `e` = 5).
pub fn item_letter_index(c: char) -> Option<usize> {
    let c = c.to_lowercase().next()?;
    VIETNAMESE_ITEM_LETTERS.iter().position(|&l| l == c)
}

/// True when the text starts with a lower-case letter: a continuation of the previous
/// line rather than a heading.
pub fn starts_lowercase(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| c.is_lowercase())
}

/// `1.234.567`
pub fn format_count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// The whole sentences of a text that fit in about `n` characters (at least the first
/// one, however long): what a document quotes of an agency's own words, never cut
/// inside a sentence and never ended with "…".
pub fn first_sentences(s: &str, n: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out = String::new();
    for sentence in s.split_inclusive(['.', ';']) {
        let ends_here = sentence.ends_with(['.', ';'])
            && !sentence
                .trim_end_matches(['.', ';'])
                .ends_with(|c: char| c.is_ascii_digit());
        if !out.is_empty() && out.chars().count() + sentence.chars().count() > n && ends_here {
            break;
        }
        out.push_str(sentence);
        if out.chars().count() >= n && ends_here {
            break;
        }
    }
    out.trim().trim_end_matches([';', ',']).trim().to_string()
}

/// The first `n` characters of a text, with "…" when it was longer (for the screen and
/// the workbooks, never for a document).
pub fn shorten(s: &str, n: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= n {
        return s.to_string();
    }
    // Cut at the last space that leaves at least half the budget, never inside a word;
    // a dangling separator or opening bracket goes with the cut.
    let head: String = s.chars().take(n).collect();
    let next_is_space = s.chars().nth(n).is_some_and(char::is_whitespace);
    let cut = if next_is_space {
        head.as_str()
    } else {
        match head.rfind(char::is_whitespace) {
            Some(i) if head[..i].chars().count() >= n / 2 => &head[..i],
            _ => head.as_str(),
        }
    };
    let mut out = cut
        .trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—(/".contains(c))
        .to_string();
    out.push('…');
    out
}

/// One word or separator of a cell, with its byte span in the cell text.
#[derive(Debug, Clone)]
pub struct NameToken {
    /// Folded word ("ubnd" also for the four words "Ủy ban nhân dân"), or the
    /// separator character as a string.
    pub key: String,
    pub start: usize,
    pub end: usize,
    /// `Some(',' | ';' | ':')` for separators.
    pub sep: Option<char>,
}

/// Splits a cell into words (letters, digits, `&`) and separators (`,` `;` `:`);
/// other punctuation is ignored. "Ủy ban nhân dân" becomes the single word "ubnd".
pub fn name_tokens(text: &str) -> Vec<NameToken> {
    let mut toks: Vec<NameToken> = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    let flush = |cur: &mut Option<(usize, String)>, end: usize, toks: &mut Vec<NameToken>| {
        if let Some((start, key)) = cur.take() {
            toks.push(NameToken {
                key,
                start,
                end,
                sep: None,
            });
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || c == '&' {
            let f = fold_char(c);
            match &mut cur {
                Some((_, key)) => {
                    if f != '&' {
                        key.push(f)
                    }
                }
                None => cur = Some((i, if f == '&' { String::new() } else { f.into() })),
            }
            continue;
        }
        flush(&mut cur, i, &mut toks);
        if matches!(c, ',' | ';' | ':') {
            toks.push(NameToken {
                key: c.to_string(),
                start: i,
                end: i + c.len_utf8(),
                sep: Some(c),
            });
        }
    }
    flush(&mut cur, text.len(), &mut toks);
    toks.retain(|t| t.sep.is_some() || !t.key.is_empty());
    // "ủy ban nhân dân" → "ubnd"
    let mut out: Vec<NameToken> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let is_ubnd = i + 3 < toks.len()
            && toks[i].key == "uy"
            && toks[i + 1].key == "ban"
            && toks[i + 2].key == "nhan"
            && toks[i + 3].key == "dan";
        if is_ubnd {
            out.push(NameToken {
                key: "ubnd".into(),
                start: toks[i].start,
                end: toks[i + 3].end,
                sep: None,
            });
            i += 4;
        } else {
            out.push(toks[i].clone());
            i += 1;
        }
    }
    out
}

/// Removes characters that XML (and hence DOCX) cannot hold and that would only be
/// noise in a PDF: C0 controls other than tab and line feed, lone surrogates are not
/// representable in Rust strings anyway, and U+FFFE/U+FFFF.
pub fn printable(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            !(c.is_control() && c != '\n' && c != '\t') && c != '\u{FFFE}' && c != '\u{FFFF}'
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition [`fold`] and [`clean`] are fast versions of: compose, then
    /// fold each character by decomposing it (no table, no skipped composition).
    fn fold_reference(s: &str) -> String {
        fold_chars(s.nfc(), s.len(), fold_char_uncached)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Vietnamese letters composed and decomposed, marks alone and stacked, dashes,
        /// spaces, Hangul jamo, symbols and anything else: the fast fold is the plain one.
        #[test]
        fn fold_is_the_plain_definition(s in "([a-zA-ZđĐàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ\u{0300}-\u{036F}\u{1100}-\u{1175}\u{11A8}-\u{11C2}\u{AC00}-\u{AC10} \t\u{00A0}\u{2010}-\u{2015}\u{2212}\u{212B}\u{0F71}-\u{0F75}]|\\PC){0,40}") {
            proptest::prop_assert_eq!(fold(&s), fold_reference(&s));
            let nfc: String = s.nfc().collect();
            proptest::prop_assert_eq!(clean(&s), clean(&nfc));
        }

        /// The word tests without allocation are the plain definitions they replaced,
        /// overlapping occurrences and letters other than ASCII included.
        #[test]
        fn word_tests_are_the_plain_definitions(key in "[abđ ]{0,14}", phrase in "[abđ]{1,3}( [abđ]{1,2})?") {
            let p = &phrase;
            let plain_has = key == *p
                || key.starts_with(&format!("{p} "))
                || key.contains(&format!(" {p} "))
                || key.ends_with(&format!(" {p}"));
            proptest::prop_assert_eq!(has_words(&key, p), plain_has);
            let plain_starts = key == *p || key.starts_with(&format!("{p} "));
            proptest::prop_assert_eq!(starts_with_words(&key, p), plain_starts);
        }
    }

    #[test]
    fn words_stand_whole() {
        assert!(has_words("da hoan thanh", "hoan thanh"));
        assert!(!has_words("chua hoan thanhx", "hoan thanh"));
        assert!(has_words("yx x x", "x x"));
        assert!(starts_with_words("tinh trang thuc hien", "tinh trang"));
        assert!(!starts_with_words("tinh trangx", "tinh trang"));
        assert!(!has_words("abc", ""));
    }

    #[test]
    fn clean_normalises_nfd_and_spaces() {
        let nfd = "Sở Nội vụ".nfd().collect::<String>();
        assert_ne!(nfd, "Sở Nội vụ");
        assert_eq!(clean(&format!("  {nfd}\n\t ")), "Sở Nội vụ");
        assert_eq!(clean("a\u{00A0}\u{200B}b\r\nc"), "a b c");
        assert_eq!(clean("x\u{0007}y"), "xy");
    }

    #[test]
    fn fold_ignores_case_tones_and_placement() {
        assert_eq!(fold("Kiến Thụy"), fold("KIẾN THUỴ"));
        assert_eq!(fold("Thủy Nguyên"), "thuy nguyen");
        assert_eq!(fold("Đồ Sơn"), "do son");
        assert_eq!(fold("Giai đoạn 2019 – 2020"), "giai doan 2019 - 2020");
        let nfd = "Hoà".nfd().collect::<String>();
        assert_eq!(fold(&nfd), "hoa");
    }

    #[test]
    fn fold_char_is_one_to_one() {
        for c in "Ủy ban nhân dân quận Hồng Bàng – Đ".chars() {
            let _ = fold_char(c); // never panics, always one char
        }
        let s = "Văn phòng UBND TP";
        assert_eq!(
            s.chars().map(fold_char).collect::<String>(),
            "van phong ubnd tp"
        );
    }

    #[test]
    fn compact_key_equates_spellings() {
        assert_eq!(compact_key("KH & ĐT"), compact_key("KH&ĐT"));
        assert_eq!(
            compact_key("Ủy ban nhân dân quận Lê Chân"),
            "ubndquanlechan"
        );
        assert_eq!(
            compact_key("Uỷ Ban Nhân Dân quận Lê Chân"),
            "ubndquanlechan"
        );
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman_to_int("I"), Some(1));
        assert_eq!(roman_to_int("iv"), Some(4));
        assert_eq!(roman_to_int("VIII"), Some(8));
        assert_eq!(roman_to_int("XIV"), Some(14));
        assert_eq!(roman_to_int("IIII"), None);
        assert_eq!(roman_to_int("VX"), None);
        assert_eq!(roman_to_int(""), None);
        assert_eq!(roman_to_int("Sở"), None);
        for n in 1..60 {
            assert_eq!(roman_to_int(&int_to_roman(n)), Some(n));
        }
    }

    #[test]
    fn vietnamese_counts_and_shortening() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(1234), "1.234");
        assert_eq!(format_count(1234567), "1.234.567");
        assert_eq!(shorten("abc", 5), "abc");
        assert_eq!(shorten("abcdef", 3), "abc…");
        assert_eq!(
            first_sentences(
                "Đã ban hành Kế hoạch. Đang triển khai tại 5 xã; còn 2 xã.",
                25
            ),
            "Đã ban hành Kế hoạch."
        );
        assert_eq!(first_sentences("Ngắn gọn.", 25), "Ngắn gọn.");
        // Never inside a word, and no dangling comma.
        let t = "đánh giá trách nhiệm người đứng đầu các sở, ban, ngành, UBND quận, huyện";
        assert_eq!(
            shorten(t, 55),
            "đánh giá trách nhiệm người đứng đầu các sở, ban, ngành…"
        );
        assert_eq!(shorten("Kế hoạch của UBND", 12), "Kế hoạch của…");
        assert_eq!(shorten("Kế hoạch của UBND", 11), "Kế hoạch…");
        assert_eq!(shorten("Kế hoạch của", 8), "Kế hoạch…");
    }

    #[test]
    fn vietnamese_letter_order() {
        assert_eq!(item_letter_index('a'), Some(0));
        assert_eq!(item_letter_index('đ'), Some(4));
        assert_eq!(item_letter_index('e'), Some(5));
        assert_eq!(item_letter_index('g'), Some(6));
        assert_eq!(item_letter_index('f'), None);
    }
}
