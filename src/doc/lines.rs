//! Where the lines of a heading break: an issuer's name in the header column, a title
//! (trích yếu, annex title) as a drafter breaks it, and the identifiers running text
//! keeps whole. Both writers use these, so the DOCX and the PDF break a heading at the
//! same words.

use super::style;

/// Splits a header line (an issuer's name in capitals) into the lines it is printed
/// on: one line when it fits the column, else after a leading body type ("ỦY BAN NHÂN
/// DÂN" / "TỈNH THÀNH NAM", as clerks set it), else at the space nearest the middle.
/// Both writers use this, so the DOCX and the PDF break the name the same way.
pub fn fit_lines(text: &str, size_pt: f64, bold: bool, column_cm: f64) -> Vec<String> {
    let width = column_cm / 2.54 * 72.0 - 4.0;
    let text = crate::text::clean(text);
    if style::text_width_pt(&text, size_pt, bold) <= width {
        return vec![text];
    }
    const HEADS: [&str; 4] = [
        "ỦY BAN NHÂN DÂN",
        "HỘI ĐỒNG NHÂN DÂN",
        "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM",
        "BAN QUẢN LÝ",
    ];
    for h in HEADS {
        if let Some(rest) = text.strip_prefix(h)
            && rest.starts_with(' ')
        {
            let mut out = vec![h.to_string()];
            out.extend(fit_lines(rest.trim(), size_pt, bold, column_cm));
            return out;
        }
    }
    let spaces: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
    let Some(&mid) = spaces
        .iter()
        .min_by_key(|&&i| (i as i64 - text.len() as i64 / 2).abs())
    else {
        return vec![text];
    };
    let (a, b) = text.split_at(mid);
    let mut out = vec![a.trim().to_string()];
    out.extend(fit_lines(b.trim(), size_pt, bold, column_cm));
    out
}

/// Words a title is best broken before (a phrase starts with them), lower case.
const PHRASE_STARTS: [&str; 18] = [
    "của", "trong", "và", "về", "theo", "tại", "đối", "năm", "quý", "giai", "để", "trên", "cho",
    "thuộc", "từ", "đến", "nhằm", "gắn",
];

/// Two-syllable words of administrative titles, lower case: a title never breaks
/// between their syllables ("cải / cách", "phương / hướng", "thực / hiện"), as a
/// drafter never would.
const COMPOUNDS: [&str; 72] = [
    "cải cách",
    "hành chính",
    "kết quả",
    "thực hiện",
    "báo cáo",
    "công tác",
    "chỉnh sửa",
    "bổ sung",
    "chế độ",
    "định kỳ",
    "nhà nước",
    "nhân dân",
    "ủy ban",
    "đôn đốc",
    "nội dung",
    "cơ quan",
    "đơn vị",
    "phương hướng",
    "nhiệm vụ",
    "công việc",
    "cụ thể",
    "triển khai",
    "thành phố",
    "kế hoạch",
    "chỉ số",
    "tổ chức",
    "bộ máy",
    "công chức",
    "viên chức",
    "tài chính",
    "hiện đại",
    "chính quyền",
    "điện tử",
    "thủ tục",
    "tờ trình",
    "ban hành",
    "đánh giá",
    "xác định",
    "danh sách",
    "danh mục",
    "quyết định",
    "công văn",
    "chương trình",
    "số liệu",
    "thể chế",
    "chất lượng",
    "đội ngũ",
    "cán bộ",
    "kiểm tra",
    "tuyên truyền",
    "chỉ đạo",
    "điều hành",
    "đề xuất",
    "kiến nghị",
    "thời gian",
    "hoàn thành",
    "phê duyệt",
    "công bố",
    "xây dựng",
    "nâng cao",
    "hiệu quả",
    "quản lý",
    "dịch vụ",
    "công cộng",
    "trực tuyến",
    "một cửa",
    "liên thông",
    "sở ngành",
    "tự đánh",
    "chủ trì",
    "phối hợp",
    "giai đoạn",
];

/// The cost of breaking a title's line between `before` and `after`: nothing after a
/// comma or before a word that starts a phrase ("của", "trong", "năm"…); a little
/// anywhere else; a great deal inside a unit a reader keeps together — a period or a
/// number with its word ("quý I", "năm 2019", "số 05") and, in mixed case, a proper
/// name ("Sở Tài chính", "Hải Phòng", "huyện Kiến Thụy": two capitalised words).
fn break_cost(before: &str, after: &str) -> f64 {
    let lower = after.to_lowercase();
    let numeral = |w: &str| {
        w.chars().next().is_some_and(|c| c.is_ascii_digit())
            || (!w.is_empty()
                && w.trim_end_matches([',', ';', ')'])
                    .chars()
                    .all(|c| "IVX".contains(c)))
    };
    let unit_word = matches!(
        before.to_lowercase().as_str(),
        "quý" | "năm" | "số" | "tháng" | "ngày" | "điều" | "khoản" | "phụ" | "lục"
    );
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let upper = |w: &str| w.chars().all(|c| !c.is_lowercase());
    let name = capital(before) && capital(after) && !(upper(before) && upper(after));
    let pair = format!("{} {lower}", before.to_lowercase());
    if numeral(after) || unit_word || name || COMPOUNDS.contains(&pair.as_str()) {
        return 20_000.0;
    }
    if before.ends_with([',', ';', ':']) || PHRASE_STARTS.contains(&lower.as_str()) {
        0.0
    } else {
        60.0
    }
}

/// A title (trích yếu, annex title) set as a drafter sets it: on as few lines as fit
/// `width_pt`, broken where its phrases part (after a comma, before "của", "trong",
/// "năm"…), never inside a name, a period or a number ("Sở Tài / chính", "quý / I"),
/// the lines as even as those breaks allow. Lines are joined with "\n", which both
/// writers print as a line break; a title that already holds one is left as written.
pub fn title_lines(text: &str, size_pt: f64, bold: bool, width_pt: f64) -> String {
    if text.contains('\n') || style::text_width_pt(text, size_pt, bold) <= width_pt {
        return text.to_string();
    }
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let n = words.len();
    let width = |a: usize, b: usize| style::text_width_pt(&words[a..b].join(" "), size_pt, bold);
    // best[i]: the cheapest setting of words[..i] and where its last line starts.
    let mut best: Vec<(f64, usize)> = vec![(f64::INFINITY, 0); n + 1];
    best[0] = (0.0, 0);
    for i in 1..=n {
        for j in (0..i).rev() {
            let w = width(j, i);
            if w > width_pt && i - j > 1 {
                break;
            }
            if best[j].0.is_infinite() {
                continue;
            }
            let slack = ((width_pt - w) / width_pt).max(0.0);
            let cost = best[j].0
                + 10_000.0
                + 1000.0 * slack * slack
                + if j > 0 {
                    break_cost(words[j - 1], words[j])
                } else {
                    0.0
                };
            if cost < best[i].0 {
                best[i] = (cost, j);
            }
        }
    }
    let mut lines = Vec::new();
    let mut i = n;
    while i > 0 {
        let j = best[i].1;
        lines.push(words[j..i].join(" "));
        i = j;
    }
    lines.reverse();
    lines.join("\n")
}

/// A character of an identifier's part (see [`IDENTIFIER`]).
macro_rules! part {
    () => {
        r"[0-9A-Za-z\u{AA}\u{B5}\u{BA}\u{C0}-\u{D6}\u{D8}-\u{F6}\u{F8}-\u{24F}\u{1E00}-\u{1EFF}]"
    };
}

/// See [`style::Style::identifier_pattern`]. Two alternatives, as the regex crate (Rust's and
/// Typst's) has no look-ahead: a digit in the first part, or in a later one. Parts are
/// Latin letters (with every Vietnamese letter, NFC) and ASCII digits: the numbers and
/// symbols of Vietnamese documents. All of Unicode's letters and numbers made this one
/// pattern cost more to compile (3 ms, at every start) than marking every document.
#[rustfmt::skip]
pub(crate) const IDENTIFIER: &str = concat!(
    part!(), "*[0-9]", part!(), "*(?:[/-]", part!(), "+)+",
    "|(?:", part!(), "+[/-])+", part!(), "*[0-9]", part!(), "*(?:[/-]", part!(), "+)*",
);

/// Where the identifiers of a text are (see [`style::Style::identifier_pattern`]).
pub fn identifiers(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(IDENTIFIER).expect("identifier pattern"))
        .find_iter(text)
        .map(|m| m.range())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_break_between_phrases_never_inside_a_name_or_a_period() {
        let t = title_lines(
            "NỘI DUNG CẦN CHỈNH SỬA, BỔ SUNG TRONG BÁO CÁO CỦA SỞ TÀI CHÍNH",
            13.0,
            true,
            300.0,
        );
        assert_eq!(
            t,
            "NỘI DUNG CẦN CHỈNH SỬA, BỔ SUNG\nTRONG BÁO CÁO CỦA SỞ TÀI CHÍNH"
        );
        let t = title_lines(
            "V/v chỉnh sửa, bổ sung báo cáo kết quả thực hiện công tác cải cách hành chính quý I/2019",
            13.0,
            false,
            170.0,
        );
        assert!(t.lines().count() >= 3, "{t}");
        assert!(!t.contains("quý\n"), "{t}");
        let t = title_lines(
            "Kết quả chấm điểm của Ủy ban nhân dân huyện Kiến Thụy năm 2018",
            14.0,
            true,
            260.0,
        );
        assert!(!t.contains("Kiến\nThụy") && !t.contains("năm\n2018"), "{t}");
        assert_eq!(title_lines("Ngắn", 14.0, true, 300.0), "Ngắn");
    }

    #[test]
    fn identifiers_are_found_and_other_words_left_alone() {
        let found = |t: &str| identifiers(t).map(|r| t[r].to_string()).collect::<Vec<_>>();
        assert_eq!(
            found("Quyết định số 3472/QĐ-UBND ngày 27/12/2018."),
            ["3472/QĐ-UBND", "27/12/2018"]
        );
        assert_eq!(found("Quý I/2019"), ["I/2019"]);
        assert_eq!(
            found("58-CTr/TU, 30/2020/NĐ-CP"),
            ["58-CTr/TU", "30/2020/NĐ-CP"]
        );
        assert!(found("kinh tế - xã hội, sở/ngành, năm 2019").is_empty());
        // Every Vietnamese letter belongs to a part (the symbol of a Sở, a lowercase
        // "ư", "ơ", "đ" after a digit), and a match never stops inside one.
        assert_eq!(
            found("Công văn 15/SNV-CCHC, 12/ĐƯỢC-ƯỚC, mã 2019-ươ1đ/ạ."),
            ["15/SNV-CCHC", "12/ĐƯỢC-ƯỚC", "2019-ươ1đ/ạ"]
        );
        assert_eq!(found("Số 07/KH-ỦY BAN"), ["07/KH-ỦY"]);
    }

    #[test]
    fn text_widths_come_from_the_face_for_every_character() {
        // The table of advances answers as the face does: a Vietnamese title, a
        // character above the table (no glyph: half an em), bold wider than regular.
        let w = |t: &str, b: bool| crate::doc::units::text_width_pt(t, 12.0, b);
        assert!((w("ĐỒNG", false) - w("Đ", false) - w("ỒNG", false)).abs() < 1e-9);
        assert!(w("CẢI CÁCH HÀNH CHÍNH", true) > w("CẢI CÁCH HÀNH CHÍNH", false));
        assert!((w("\u{1F600}", false) - 6.0).abs() < 1e-9);
        assert!(w("Ngắn", false) > 0.0);
    }
}
