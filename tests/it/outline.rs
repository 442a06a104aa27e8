//! The report in the Bộ Nội vụ's outline, for any province (#24): the outline file
//! drives the sections, the direction group is section I wherever the annex puts it, a
//! province's documents speak of its own kinds of districts, and nothing internal or
//! status-only reaches the Bộ.

use crate::common::{TempDir, docx_xml_text, root, stderr, vanban};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The report's and the Tờ trình's text of a `vanban run` (DOCX only) with `config`.
fn run_texts(config: &Path, dir: &TempDir, period: &str) -> (String, String) {
    let out = dir.path("out");
    let o = vanban(&[
        "run",
        "-q",
        "--config",
        config.to_str().unwrap(),
        "--period",
        period,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let folder = out.join(period);
    (
        docx_lines(&folder.join(format!("bao-cao-cchc-{period}.docx"))),
        docx_lines(&folder.join(format!("to-trinh-cchc-{period}.docx"))),
    )
}

/// A DOCX's text, one line per paragraph (or table cell).
fn docx_lines(path: &Path) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml.split("</w:p>")
        .map(|p| docx_xml_text(p).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A copy of a configuration writing DOCX only, with `replace` applied.
fn config_copy(from: &str, dir: &TempDir, replace: &[(&str, String)]) -> PathBuf {
    let mut text = std::fs::read_to_string(root().join(from)).unwrap();
    text = text.replace("formats = [\"docx\", \"pdf\"]", "formats = [\"docx\"]");
    for (a, b) in replace {
        assert!(text.contains(a), "{from} has no {a}");
        text = text.replacen(a, b, 1);
    }
    let path = dir.path("vanban.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The level-1 headings of a report text ("I. CÔNG TÁC …"), in order.
fn sections(text: &str) -> Vec<String> {
    let re = regex::Regex::new(r"^(?:I|II|III|IV|V|VI|VII)\. \p{Lu}").unwrap();
    text.lines()
        .map(str::trim)
        .filter(|l| re.is_match(l) && l.to_uppercase() == *l)
        .map(str::to_string)
        .collect()
}

/// The text of a section, from its heading to the next section's.
fn section<'a>(text: &'a str, start: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &text[from + start.len()..];
    let end = sections(rest)
        .first()
        .and_then(|h| rest.find(h.as_str()))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The shipped city run's report and Tờ trình (once per process).
fn city() -> &'static (String, String) {
    static TEXTS: OnceLock<(String, String)> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let dir = TempDir::new("outline-city");
        let config = config_copy("vanban.toml", &dir, &[]);
        let texts = run_texts(&config, &dir, "q1-2019");
        std::mem::forget(dir);
        texts
    })
}

#[test]
fn the_citys_report_follows_the_ministrys_outline() {
    let (report, _) = city();
    let heads = sections(report);
    assert_eq!(
        heads,
        [
            "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
            "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
            "III. ĐÁNH GIÁ CHUNG",
            "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II NĂM 2019",
            "V. ĐỀ XUẤT, KIẾN NGHỊ",
        ],
        "{report}"
    );
    // The figures are told in their areas, never as a seventh area.
    assert!(!report.contains("Một số kết quả chủ yếu"), "{report}");
    let tthc = section(report, "II. KẾT QUẢ");
    assert!(tthc.contains("tiếp nhận 21.687 hồ sơ"), "{tthc}");
    assert!(tthc.contains("đạt 98,8%"), "{tthc}");
    // The plan's own word for its groups.
    assert!(report.contains("thuộc 07 nhóm nhiệm vụ"), "{report}");
}

#[test]
fn the_report_tells_no_internal_matter_and_no_status_only_line() {
    let (report, _) = city();
    for internal in [
        "chưa có kết quả báo cáo",
        "Chưa có báo cáo",
        "tham mưu ban hành Kế hoạch trong tháng",
        "Đã tham mưu",
        "…",
        ".:",
        ".;",
        "( ",
    ] {
        assert!(
            !report.contains(internal),
            "{internal:?} in the report:\n{report}"
        );
    }
    let zero = regex::Regex::new(r"(^|[^0-9.])0/\d").unwrap();
    assert!(
        !zero.is_match(report),
        "a zero count in the report:\n{report}"
    );
    let status_only =
        regex::Regex::new(r"(?m)^(?:- )?[^\n]{0,200}: (đang triển khai|đang thực hiện)\.$")
            .unwrap();
    assert!(!status_only.is_match(report), "{report}");
    // One vocabulary: the body says "đang triển khai", so does the annex.
    assert!(!report.contains("Đang thực hiện"), "{report}");
    assert!(!report.contains("hiện đại hoá"), "{report}");
}

#[test]
fn documents_issued_are_told_grouped_by_issuer_and_kind() {
    let (report, _) = city();
    let the_che = section(report, "1. Cải cách thể chế");
    assert!(
        the_che.contains("Ủy ban nhân dân thành phố đã ban hành 02 kế hoạch (Kế hoạch số 20/KH-UBND ngày 21/01/2019"),
        "{the_che}"
    );
    assert!(
        the_che.contains("và 01 quyết định (Quyết định số 301/QĐ-UBND ngày 12/02/2019"),
        "{the_che}"
    );
}

#[test]
fn each_cause_is_tied_to_a_shortcoming_and_the_bo_is_asked_for_what_a_task_waits_on() {
    let (report, to_trinh) = city();
    // The difficulty of an unrelated task (equipment for the one-stop desks, in
    // progress and on time) explains no shortcoming and is not a cause.
    assert!(
        !report.contains("Kinh phí mua sắm trang thiết bị chưa được bố trí"),
        "{report}"
    );
    let proposals = section(report, "V. ĐỀ XUẤT, KIẾN NGHỊ");
    assert!(
        proposals.contains("ban hành Nghị định mới thay thế Nghị định số 24/2014/NĐ-CP"),
        "{proposals}"
    );
    // A shortcoming no agency explained is said to the leader, not invented.
    assert!(to_trinh.contains("Nội dung cần bổ sung"), "{to_trinh}");
}

#[test]
fn the_outline_file_drives_sections_items_and_what_the_to_trinh_asks_for() {
    let dir = TempDir::new("outline-order");
    let outlines = dir.path("de-cuong");
    std::fs::create_dir_all(&outlines).unwrap();
    let shipped = std::fs::read_to_string(root().join("inputs/de-cuong/bao-cao-quy.toml")).unwrap();
    // V before IV, a heading renamed, an item with nothing to say.
    let v_at = shipped
        .find("[[section]]\nheading = \"Đề xuất, kiến nghị\"")
        .unwrap();
    let iv_at = shipped
        .find("[[section]]\nheading = \"Phương hướng")
        .unwrap();
    let (head, tail) = shipped.split_at(iv_at);
    let (iv, v) = tail.split_at(v_at - iv_at);
    let edited = format!("{head}{v}\n{iv}")
        .replace("heading = \"Đánh giá chung\"", "heading = \"Đánh giá kết quả\"")
        .replace(
            "heading = \"Cải cách thể chế\"",
            "heading = \"Công tác thi đua, khen thưởng\"\nnotes = [\"thi-dua\"]\n\n[[section.item]]\nheading = \"Cải cách thể chế\"",
        );
    std::fs::write(outlines.join("bao-cao-quy.toml"), edited).unwrap();
    let config = config_copy(
        "vanban.toml",
        &dir,
        &[(
            "[inputs]\n",
            format!("[inputs]\noutlines = {:?}\n", outlines.to_str().unwrap()),
        )],
    );
    let (report, to_trinh) = run_texts(&config, &dir, "q1-2019");
    let heads = sections(&report);
    assert_eq!(heads[2], "III. ĐÁNH GIÁ KẾT QUẢ", "{heads:?}");
    assert_eq!(heads[3], "IV. ĐỀ XUẤT, KIẾN NGHỊ", "{heads:?}");
    assert!(heads[4].starts_with("V. PHƯƠNG HƯỚNG"), "{heads:?}");
    assert!(!report.contains("thi đua"), "{report}");
    assert!(
        to_trinh.contains("\"Công tác thi đua, khen thưởng\""),
        "{to_trinh}"
    );
}
