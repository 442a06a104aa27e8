//! Legacy Vietnamese encodings (TCVN3/ABC and VNI-Windows) in Unicode workbooks.
//!
//! Older offices still type with `.VnTime` (TCVN3) or `VNI-Times` fonts: the cell holds
//! Latin-1 characters that only look Vietnamese in that font ("Së T­ ph¸p" for "Sở Tư
//! pháp"). Such text is detected and converted, with a `text.legacy_encoding` warning.
//!
//! Detection is careful because decoding real Unicode as TCVN3 corrupts it ("có ô tô"
//! → "cú ụ tụ"): a cell holding any letter that exists only in Unicode Vietnamese (ư,
//! ơ, đ, ạ…) is Unicode; otherwise characters that never occur in Vietnamese text (µ,
//! ¸, ¶, ­… for TCVN3; å, ø, ï, "aù"… for VNI) are counted per column, the column takes
//! the majority encoding, and a cell is converted only if its decoded words are valid
//! Vietnamese syllables. Conversion is the `bamboo-core` crate's.

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

/// Every precomposed Vietnamese letter, lower and upper case.
fn vietnamese_letters() -> Vec<char> {
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
        for letter in vietnamese_letters() {
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
    let viet: Vec<char> = vietnamese_letters();
    match enc {
        Legacy::Tcvn3 => {
            let table = decode_table(Legacy::Tcvn3);
            s.chars()
                .filter(|c| !c.is_ascii() && !viet.contains(c))
                .filter(|c| table.iter().any(|(seq, _)| seq.starts_with(*c)))
                .count()
        }
        Legacy::Vni => {
            let table = decode_table(Legacy::Vni);
            // Multi-character VNI sequences ("aù", "ö") that are not Unicode letters.
            let mut count = 0;
            for (seq, _) in table {
                if seq.chars().count() >= 2 || !viet.contains(&seq.chars().next().unwrap_or('a')) {
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
        if !re.is_match(&base) {
            return false;
        }
    }
    any
}

/// The encoding a single text is in, when it is clearly a legacy one.
pub fn detect(text: &str) -> Option<Legacy> {
    if text.is_ascii() || has_unicode_only_letters(text) {
        return None;
    }
    // Text whose accented letters are all Vietnamese and whose words are valid
    // syllables as they stand is Unicode ("Ngày hoàn thành", "có ô tô").
    let viet = vietnamese_letters();
    if text
        .chars()
        .all(|c| c.is_ascii() || viet.contains(&c) || !c.is_alphabetic())
        && plausible(text)
    {
        return None;
    }
    // Both encodings use Latin-1 letters; the one whose decoding gives Vietnamese
    // syllables wins, the stronger evidence first.
    let mut candidates = [
        (strong_evidence(text, Legacy::Tcvn3), Legacy::Tcvn3),
        (strong_evidence(text, Legacy::Vni), Legacy::Vni),
    ];
    candidates.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    candidates
        .into_iter()
        .find(|(score, enc)| *score > 0 && plausible(&decode(text, *enc)))
        .map(|(_, enc)| enc)
}

/// Converts legacy-encoded text in every sheet, column by column, and reports each
/// converted column once.
pub fn convert_workbook(mut book: Workbook, diags: &mut Vec<Diagnostic>) -> Workbook {
    for grid in &mut book.sheets {
        convert_grid(grid, diags);
    }
    book
}

fn convert_grid(grid: &mut Grid, diags: &mut Vec<Diagnostic>) {
    // Votes per column. A text shared by many cells (a column filled down) is judged
    // once: the verdict is kept per shared text.
    let mut votes: HashMap<u32, (usize, usize, usize)> = HashMap::new();
    let mut verdicts: HashMap<*const u8, (bool, Option<Legacy>)> = HashMap::new();
    for row in grid.first_row()..grid.end_row() {
        for col in 0..grid.end_col() {
            if let Value::Text(t) = &grid.cell(row, col).value {
                if t.is_ascii() {
                    continue;
                }
                let e = votes.entry(col).or_default();
                let (unicode_only, legacy) = *verdicts
                    .entry(std::sync::Arc::as_ptr(t) as *const u8)
                    .or_insert_with(|| {
                        let u = has_unicode_only_letters(t);
                        (u, if u { None } else { detect(t) })
                    });
                if unicode_only {
                    e.2 += 1;
                } else {
                    match legacy {
                        Some(Legacy::Tcvn3) => e.0 += 1,
                        Some(Legacy::Vni) => e.1 += 1,
                        None => {}
                    }
                }
            }
        }
    }
    let mut cols: Vec<u32> = votes.keys().copied().collect();
    cols.sort_unstable();
    for col in cols {
        let (t, v, u) = votes[&col];
        let enc = if t > u && t >= v && t > 0 {
            Legacy::Tcvn3
        } else if v > u && v > t {
            Legacy::Vni
        } else {
            continue;
        };
        let mut first = None;
        let mut count = 0;
        // One conversion per shared text; the converted text is shared again.
        let mut converted: HashMap<*const u8, Option<std::sync::Arc<str>>> = HashMap::new();
        for row in grid.first_row()..grid.end_row() {
            let text = match &grid.cell(row, col).value {
                Value::Text(t) if !t.is_ascii() => t.clone(),
                _ => continue,
            };
            let new = converted
                .entry(std::sync::Arc::as_ptr(&text) as *const u8)
                .or_insert_with(|| {
                    if has_unicode_only_letters(&text) {
                        return None;
                    }
                    let decoded = decode(&text, enc);
                    (*decoded != *text && plausible(&decoded))
                        .then(|| crate::text::clean(&decoded).into())
                })
                .clone();
            if let Some(new) = new {
                grid.set_text(row, col, new);
                first.get_or_insert(row);
                count += 1;
            }
        }
        if let Some(row) = first {
            diags.push(
                Diagnostic::warning(
                    Code::TextLegacyEncoding,
                    format!(
                        "Cột {} có {count} ô gõ bằng bảng mã {} (phông .VnTime/VNI): đã chuyển sang Unicode, cần kiểm tra lại",
                        col_letters(col),
                        enc.name()
                    ),
                )
                .at(&grid.name, a1(row, col))
                .with_hint("Gõ lại bằng bảng mã Unicode (phông Times New Roman)"),
            );
        }
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
