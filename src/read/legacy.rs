//! Legacy Vietnamese encodings (TCVN3/ABC and VNI-Windows) in Unicode workbooks.
//!
//! Older offices still type with `.VnTime` (TCVN3) or `VNI-Times` fonts: the cell holds
//! Latin-1 characters that only look Vietnamese in that font ("Së T­ ph¸p" for "Sở Tư
//! pháp"). Such text is detected and converted, with a `text.legacy_encoding` warning.
//!
//! Detection is careful because decoding real Unicode as TCVN3 corrupts it ("có ô tô"
//! → "cú ụ tụ"): a cell holding any letter that exists only in Unicode Vietnamese (ư,
//! ơ, đ, ạ…) is Unicode; otherwise characters that never occur in Vietnamese text (µ,
//! ¸, ¶, ­… for TCVN3; å, ø, ï, "aù"… for VNI) decide a cell on its own — a lone legacy
//! cell among Unicode cells is converted — and a column with a legacy majority also
//! converts its cells of weaker evidence; a cell is converted only if its decoded words
//! are valid Vietnamese syllables. Conversion is the `bamboo-core` crate's.

use crate::model::finding::{Code, Diagnostic, a1};
use crate::read::sheet::{Grid, Value, Workbook};
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// A legacy encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

impl Legacy {
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC)",
            Legacy::Vni => "VNI Windows",
        }
    }

    fn charset(self) -> bamboo_core::Charset {
        match self {
            Legacy::Tcvn3 => bamboo_core::Charset::Tcvn3,
            Legacy::Vni => bamboo_core::Charset::VniWindows,
        }
    }
}

/// Encodes Unicode text into a legacy encoding (used to build test data and samples).
pub fn encode(text: &str, enc: Legacy) -> String {
    bamboo_core::encode_charset(enc.charset(), text).into_owned()
}

/// Every precomposed Vietnamese letter, lower and upper case, in the order made.
fn vietnamese_letters() -> &'static [char] {
    static LETTERS: OnceLock<Vec<char>> = OnceLock::new();
    LETTERS.get_or_init(|| {
        let bases = "aăâeêioôơuưy";
        let tones = ['\u{0300}', '\u{0301}', '\u{0309}', '\u{0303}', '\u{0323}'];
        let mut out = Vec::new();
        for b in bases.chars() {
            out.push(b);
            for t in tones {
                let s: String = [b, t].iter().collect::<String>().nfc().collect();
                if let Some(c) = s.chars().next() {
                    out.push(c);
                }
            }
        }
        out.push('đ');
        let upper: Vec<char> = out.iter().flat_map(|c| c.to_uppercase()).collect();
        out.extend(upper);
        out
    })
}

/// True for a precomposed Vietnamese letter (a table made once: detection asks it of
/// every character of every cell that is not plain ASCII).
fn is_vietnamese_letter(c: char) -> bool {
    static SORTED: OnceLock<Vec<char>> = OnceLock::new();
    SORTED
        .get_or_init(|| {
            let mut v = vietnamese_letters().to_vec();
            v.sort_unstable();
            v.dedup();
            v
        })
        .binary_search(&c)
        .is_ok()
}

/// Legacy sequence → Unicode letter, longest sequences first (for detection).
fn decode_table(enc: Legacy) -> &'static [(String, char)] {
    static TCVN3: OnceLock<Vec<(String, char)>> = OnceLock::new();
    static VNI: OnceLock<Vec<(String, char)>> = OnceLock::new();
    let cell = match enc {
        Legacy::Tcvn3 => &TCVN3,
        Legacy::Vni => &VNI,
    };
    cell.get_or_init(|| {
        let mut table: Vec<(String, char)> = Vec::new();
        for &letter in vietnamese_letters() {
            let encoded = encode(&letter.to_string(), enc);
            if encoded.is_empty() || encoded == letter.to_string() && letter.is_ascii() {
                continue;
            }
            // Keep the first (lower-case) owner of a sequence: TCVN3 upper-case toned
            // letters share codes with lower-case ones (capitals came from a font).
            if !table.iter().any(|(s, _)| *s == encoded) {
                table.push((encoded, letter));
            }
        }
        table.retain(|(s, c)| s.chars().count() > 1 || !s.starts_with(*c));
        table.sort_by_key(|(s, _)| std::cmp::Reverse(s.chars().count()));
        table
    })
}

/// Decodes text written in a legacy encoding.
pub fn decode(text: &str, enc: Legacy) -> String {
    bamboo_core::decode_charset(enc.charset(), text).into_owned()
}

/// Letters that exist only in Unicode Vietnamese (not in Latin-1): their presence
/// proves the text is Unicode.
fn has_unicode_only_letters(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(
            c,
            'ă' | 'Ă' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'đ' | 'Đ' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ' | '\u{1EA0}'
                ..='\u{1EF9}'
        )
    })
}

/// Characters of a legacy encoding that never occur in Vietnamese Unicode text.
fn strong_evidence(s: &str, enc: Legacy) -> usize {
    match enc {
        Legacy::Tcvn3 => {
            let table = decode_table(Legacy::Tcvn3);
            s.chars()
                .filter(|c| !c.is_ascii() && !is_vietnamese_letter(*c))
                .filter(|c| table.iter().any(|(seq, _)| seq.starts_with(*c)))
                .count()
        }
        Legacy::Vni => {
            let table = decode_table(Legacy::Vni);
            // Multi-character VNI sequences ("aù", "ö") that are not Unicode letters.
            let mut count = 0;
            for (seq, _) in table {
                if seq.chars().count() >= 2
                    || !is_vietnamese_letter(seq.chars().next().unwrap_or('a'))
                {
                    count += s.matches(seq.as_str()).count();
                }
            }
            count
        }
    }
}

/// True when every word of the decoded text that holds a non-ASCII letter is a valid
/// Vietnamese syllable.
fn plausible(decoded: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?(uyê|uyê|oai|oay|oeo|uây|uôi|ươi|ươu|iêu|yêu|oa|oă|oe|uê|uy|uâ|uô|ươ|ưa|ưu|ưi|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|yê|iu|oi|ôi|ơi|ua|ui|ưu|[aăâeêioôơuưy])(ch|ng|nh|[cmnpt])?$",
        )
        .unwrap()
    });
    let mut any = false;
    for word in decoded.split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() || word.is_ascii() {
            continue;
        }
        // Abbreviations in capitals say nothing either way ("NĐ-CP", "KH&ĐT", "QĐ").
        if word.chars().count() <= 5 && word.chars().all(|c| c.is_uppercase()) {
            continue;
        }
        any = true;
        // A syllable carries at most one tone mark.
        let tones = word
            .nfd()
            .filter(|c| {
                matches!(
                    c,
                    '\u{0300}' | '\u{0301}' | '\u{0309}' | '\u{0303}' | '\u{0323}'
                )
            })
            .count();
        if tones > 1 {
            return false;
        }
        let tone = word.nfd().find(|c| {
            matches!(
                c,
                '\u{0300}' | '\u{0301}' | '\u{0309}' | '\u{0303}' | '\u{0323}'
            )
        });
        // Strip tone marks only; keep the vowel shapes (ă â ê ô ơ ư).
        let base: String = word
            .to_lowercase()
            .nfd()
            .filter(|c| {
                !matches!(
                    c,
                    '\u{0300}' | '\u{0301}' | '\u{0309}' | '\u{0303}' | '\u{0323}'
                )
            })
            .collect::<String>()
            .nfc()
            .collect();
        let Some(caps) = re.captures(&base) else {
            return false;
        };
        // Falling diphthongs end the syllable ("tai", "sâu", never "taung") and carry
        // the tone on their first vowel ("tài", never "taì" — VNI's "aù" decoded wrongly).
        if let Some(n) = caps.get(2)
            && matches!(
                n.as_str(),
                "ai" | "ao"
                    | "au"
                    | "ay"
                    | "âu"
                    | "ây"
                    | "eo"
                    | "êu"
                    | "iu"
                    | "oi"
                    | "ôi"
                    | "ơi"
                    | "ui"
                    | "ưi"
                    | "ưu"
                    | "ia"
                    | "ua"
                    | "ưa"
            )
        {
            if caps.get(3).is_some() {
                return false;
            }
            let second = base[..n.end()].chars().count() - 1;
            let toned = word.to_lowercase().chars().position(|c| {
                c.to_string().nfd().any(|m| {
                    matches!(
                        m,
                        '\u{0300}' | '\u{0301}' | '\u{0309}' | '\u{0303}' | '\u{0323}'
                    )
                })
            });
            // "qu", "gi" initials: their u/i is not the nucleus (regex took them).
            if toned == Some(second) && !matches!(n.as_str(), "ia" | "ua" | "ưa") {
                return false;
            }
        }
        // "nh" and "ch" close only a, ê, i, y ("anh", "ếch", "inh", "oanh", "uynh"):
        // "chớnh" is TCVN3 read wrongly.
        if caps
            .get(3)
            .is_some_and(|f| matches!(f.as_str(), "nh" | "ch"))
            && !caps
                .get(2)
                .is_some_and(|n| n.as_str().ends_with(['a', 'ê', 'i', 'y']))
        {
            return false;
        }
        // A syllable closed by c, ch, p or t takes only the sắc or nặng tone ("các",
        // "học"; never "càc", "ằc").
        if caps
            .get(3)
            .is_some_and(|f| matches!(f.as_str(), "c" | "ch" | "p" | "t"))
            && !matches!(tone, Some('\u{0301}' | '\u{0323}'))
        {
            return false;
        }
    }
    any
}

/// True when a text reads as Vietnamese Unicode as it stands: every word (between
/// spaces and ASCII punctuation) that holds a non-ASCII character is made of letters
/// only and is a valid syllable. "B¸o c¸o" fails ("B¸o" holds a symbol inside a word:
/// TCVN3 letters are such symbols), "Ngày hoàn thành" passes.
fn plausible_as_is(text: &str) -> bool {
    // Punctuation beyond Latin-1 (– — “ ” … •) is never a TCVN3 or VNI letter code
    // (those are 8-bit): it only separates words.
    let separator = |c: char| {
        c.is_whitespace()
            || (c.is_ascii_punctuation() && c != '&')
            || (c as u32 > 0xFF && !c.is_alphanumeric())
    };
    text.split(separator)
        .filter(|w| !w.is_ascii())
        .all(|w| w.chars().all(|c| c.is_alphabetic()) && plausible(w))
}

/// The encoding a single text is in, when it is clearly a legacy one.
pub fn detect(text: &str) -> Option<Legacy> {
    if text.is_ascii() || has_unicode_only_letters(text) {
        return None;
    }
    // Text whose accented letters are all Vietnamese and whose words are valid
    // syllables as they stand is Unicode ("Ngày hoàn thành", "có ô tô").
    let all_viet_letters = text
        .chars()
        .all(|c| c.is_ascii() || is_vietnamese_letter(c) || !c.is_alphabetic());
    if all_viet_letters && plausible_as_is(text) {
        return None;
    }
    // Both encodings use Latin-1 letters; the one whose decoding gives Vietnamese
    // syllables wins, the stronger evidence first.
    let mut candidates = [
        (strong_evidence(text, Legacy::Tcvn3), Legacy::Tcvn3),
        (strong_evidence(text, Legacy::Vni), Legacy::Vni),
    ];
    candidates.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    // Text made only of letters Unicode Vietnamese also has ("Phèi sè thÕ" is TCVN3
    // for "Phối số thế") has no strong evidence; its words are not syllables as they
    // stand, so a decoding that makes two words or more valid syllables decides.
    let weak_ok = |enc: Legacy| {
        let decoded = decode(text, enc);
        let accented = decoded
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_ascii() && w.chars().any(|c| c.is_lowercase()))
            .count();
        all_viet_letters && accented >= 2 && plausible(&decoded)
    };
    candidates
        .into_iter()
        .find(|(score, enc)| {
            if *score > 0 {
                plausible(&decode(text, *enc))
            } else {
                weak_ok(*enc)
            }
        })
        .map(|(_, enc)| enc)
}

/// Converts legacy-encoded text in every sheet, cell by cell, and reports the
/// converted cells of each column once (at the first of them).
pub fn convert_workbook(mut book: Workbook, diags: &mut Vec<Diagnostic>) -> Workbook {
    for grid in &mut book.sheets {
        convert_grid(grid, diags);
    }
    book
}

fn convert_grid(grid: &mut Grid, diags: &mut Vec<Diagnostic>) {
    // Each cell is judged on its own: a cell whose characters only a legacy encoding
    // explains, and whose decoding gives Vietnamese syllables, is converted — a lone
    // TCVN3 cell pasted among Unicode cells included. A column whose cells are mostly
    // legacy (the agency typed with .VnTime) also converts its cells with weaker
    // evidence, as long as their decoding is plausible. A text shared by many cells (a
    // column filled down) is judged once.
    let mut verdicts: HashMap<*const u8, (bool, Option<Legacy>)> = HashMap::new();
    let mut votes: HashMap<u32, (usize, usize, usize)> = HashMap::new();
    for row in grid.first_row()..grid.end_row() {
        for col in 0..grid.end_col() {
            if let Value::Text(t) = &grid.cell(row, col).value {
                if t.is_ascii() {
                    continue;
                }
                let (unicode_only, legacy) = *verdicts
                    .entry(std::sync::Arc::as_ptr(t) as *const u8)
                    .or_insert_with(|| {
                        let u = has_unicode_only_letters(t);
                        (u, if u { None } else { detect(t) })
                    });
                let e = votes.entry(col).or_default();
                match (unicode_only, legacy) {
                    (true, _) => e.2 += 1,
                    (_, Some(Legacy::Tcvn3)) => e.0 += 1,
                    (_, Some(Legacy::Vni)) => e.1 += 1,
                    _ => {}
                }
            }
        }
    }
    let column_encoding = |col: u32| -> Option<Legacy> {
        let (t, v, u) = votes.get(&col).copied().unwrap_or_default();
        if t > u && t >= v && t > 0 {
            Some(Legacy::Tcvn3)
        } else if v > u && v > t {
            Some(Legacy::Vni)
        } else {
            None
        }
    };
    // Converted cells per (column, encoding), in row order.
    let mut converted_cells: std::collections::BTreeMap<(u32, u8), Vec<u32>> =
        std::collections::BTreeMap::new();
    let mut converted: HashMap<(*const u8, Legacy), Option<std::sync::Arc<str>>> = HashMap::new();
    for col in 0..grid.end_col() {
        let column = column_encoding(col);
        for row in grid.first_row()..grid.end_row() {
            let text = match &grid.cell(row, col).value {
                Value::Text(t) if !t.is_ascii() => t.clone(),
                _ => continue,
            };
            let ptr = std::sync::Arc::as_ptr(&text) as *const u8;
            let (unicode_only, own) = verdicts.get(&ptr).copied().unwrap_or((true, None));
            if unicode_only {
                continue;
            }
            let Some(enc) = own.or(column) else {
                continue;
            };
            let new = converted
                .entry((ptr, enc))
                .or_insert_with(|| {
                    let decoded = decode(&text, enc);
                    (*decoded != *text && plausible(&decoded))
                        .then(|| crate::text::clean(&decoded).into())
                })
                .clone();
            if let Some(new) = new {
                grid.set_text(row, col, new);
                converted_cells
                    .entry((col, enc as u8))
                    .or_default()
                    .push(row);
            }
        }
    }
    for ((col, enc), rows) in converted_cells {
        let enc = if enc == Legacy::Tcvn3 as u8 {
            Legacy::Tcvn3
        } else {
            Legacy::Vni
        };
        let first = rows[0];
        let message = if rows.len() == 1 {
            format!(
                "Ô {} gõ bằng bảng mã {} (phông .VnTime/VNI): đã chuyển sang Unicode, cần kiểm tra lại",
                a1(first, col),
                enc.name()
            )
        } else {
            format!(
                "Cột {} có {} ô gõ bằng bảng mã {} (phông .VnTime/VNI): đã chuyển sang Unicode, cần kiểm tra lại",
                col_letters(col),
                rows.len(),
                enc.name()
            )
        };
        diags.push(
            Diagnostic::warning(Code::TextLegacyEncoding, message)
                .at(&grid.name, a1(first, col))
                .with_hint("Gõ lại bằng bảng mã Unicode (phông Times New Roman)"),
        );
    }
}

fn col_letters(col: u32) -> String {
    let a = a1(0, col);
    a.trim_end_matches(|c: char| c.is_ascii_digit()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for text in [
            "Sở Tư pháp",
            "đã hoàn thành",
            "Kế hoạch số 15/KH-UBND",
            "Ủy ban nhân dân quận Hồng Bàng",
        ] {
            for enc in [Legacy::Tcvn3, Legacy::Vni] {
                let legacy = encode(text, enc);
                assert_ne!(legacy, text, "{enc:?} {text}");
                let back = decode(&legacy, enc);
                assert_eq!(
                    back.to_lowercase(),
                    text.to_lowercase(),
                    "{enc:?} {text}: {legacy}"
                );
            }
        }
    }

    #[test]
    fn detection() {
        assert_eq!(
            detect(&encode("Sở Tư pháp", Legacy::Tcvn3)),
            Some(Legacy::Tcvn3)
        );
        assert_eq!(
            detect(&encode("đang thực hiện", Legacy::Vni)),
            Some(Legacy::Vni)
        );
        assert_eq!(detect("Sở Tư pháp"), None);
        assert_eq!(detect("có ô tô"), None);
        assert_eq!(detect("plain ascii"), None);
        assert_eq!(detect("Café crème"), None);
        assert_eq!(detect("Ngày hoàn thành"), None);
        assert_eq!(detect("Tình trạng"), None);
    }
}
