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
    // The causes are the Sở's notes on the very shortcomings listed.
    let causes = section(report, "3. Nguyên nhân");
    assert!(
        causes.contains("chờ dự toán ngân sách năm 2019"),
        "{causes}"
    );
    let _ = to_trinh;
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
            format!(
                "[inputs]\noutlines = {:?}\nnotes = {:?}\n",
                outlines.to_str().unwrap(),
                dir.path("no-notes").to_str().unwrap()
            ),
        )],
    );
    let (report, to_trinh) = run_texts(&config, &dir, "q1-2019");
    let heads = sections(&report);
    assert_eq!(heads[2], "III. ĐÁNH GIÁ KẾT QUẢ", "{heads:?}");
    // Without the Sở's notes (an empty notes folder), no cause is invented: the
    // shortcomings no agency explained are said to the leader in the Tờ trình.
    assert!(!report.contains("3. Nguyên nhân"), "{report}");
    assert!(
        to_trinh.contains("nguyên nhân của việc chậm tiến độ"),
        "{to_trinh}"
    );
    assert_eq!(heads[3], "IV. ĐỀ XUẤT, KIẾN NGHỊ", "{heads:?}");
    assert!(heads[4].starts_with("V. PHƯƠNG HƯỚNG"), "{heads:?}");
    assert!(!report.contains("thi đua"), "{report}");
    assert!(
        to_trinh.contains("\"Công tác thi đua, khen thưởng\""),
        "{to_trinh}"
    );
}

/// The province sample's run (DOCX only): its report, Tờ trình, and every DOCX's text.
fn province() -> &'static (String, String, Vec<(String, String)>) {
    static TEXTS: OnceLock<(String, String, Vec<(String, String)>)> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let dir = TempDir::new("outline-province");
        let config = config_copy("inputs/tinh-quang-ninh/vanban.toml", &dir, &[]);
        let (report, to_trinh) = run_texts(&config, &dir, "q1-2019");
        let mut all = Vec::new();
        let mut stack = vec![dir.path("out")];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "docx") {
                    all.push((p.display().to_string(), docx_lines(&p)));
                }
            }
        }
        assert!(all.len() >= 3, "{all:?}");
        std::mem::forget(dir);
        (report, to_trinh, all)
    })
}

#[test]
fn a_provinces_documents_speak_of_its_own_districts_and_never_of_the_city() {
    let (report, _, all) = province();
    for (file, text) in all {
        let folded = vanban::text::fold(text);
        for word in ["quan", "hai phong"] {
            let re = regex::Regex::new(&format!(r"\b{word}\b")).unwrap();
            // "quản", "quan hệ" fold to "quan" too: look at the unfolded text.
            if word == "quan" {
                assert!(
                    !text.contains("quận") && !text.contains("Quận"),
                    "{file}: {text}"
                );
            } else {
                assert!(!re.is_match(&folded), "{file} says {word}: {text}");
            }
        }
    }
    assert!(
        report.contains("Ủy ban nhân dân các huyện, thị xã, thành phố"),
        "{report}"
    );
    assert!(
        report.contains("Ủy ban nhân dân tỉnh đã ban hành"),
        "{report}"
    );
    // Its own indicators drive its figures: 20 of the 26 agencies reported.
    assert!(
        report.contains("tính trên 20/26 cơ quan, đơn vị có số liệu"),
        "{report}"
    );
    assert!(report.contains("dịch vụ toàn trình"), "{report}");
    // Every district-level unit is asked to report, thành phố and thị xã included.
    let (_, to_trinh, _) = province();
    assert!(!to_trinh.contains("task.not_assigned"), "{to_trinh}");
}

#[test]
fn section_one_holds_the_direction_group_where_the_annex_puts_it_last() {
    let (report, _, _) = province();
    let one = section(report, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH");
    let two = section(
        report,
        "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
    );
    // Group VII of the annex, its last: tuyên truyền, kiểm tra, Chỉ số, hài lòng.
    for task in [
        "Kế hoạch tuyên truyền cải cách hành chính tỉnh năm 2019",
        "Kiểm tra cải cách hành chính tối thiểu 30% cơ quan, đơn vị",
        "Khảo sát sự hài lòng của người dân",
    ] {
        assert!(one.contains(task), "{task} not in section I: {one}");
        assert!(!two.contains(task), "{task} in section II: {two}");
    }
    // Group I of the annex (Cải cách thể chế) is the first area of section II.
    assert!(!one.contains("Cải cách thể chế"), "{one}");
    assert!(two.contains("1. Cải cách thể chế"), "{two}");
    assert!(
        !sections(report)
            .iter()
            .any(|h| h.contains("CÔNG TÁC CHỈ ĐẠO") && !h.starts_with("I."))
    );
}

#[test]
fn the_province_samples_match_their_generator() {
    use vanban::read::sheet::Workbook;
    let province = root().join("inputs/tinh-quang-ninh");
    let annex = Workbook::from_bytes(vanban::sample::province_annex_workbook().unwrap()).unwrap();
    let committed = Workbook::open(&province.join("danh-muc-2019.xlsx")).unwrap();
    crate::common::assert_same_cells(
        &annex.sheets[0],
        &committed.sheets[0],
        true,
        "regenerate with `cargo run --example make-inputs`",
    );
    let ws = vanban::Workspace::load(
        &vanban::workspace::Paths {
            catalogue: province.join("danh-muc-2019.xlsx"),
            registry: province.join("co-quan.toml"),
            indicators: province.join("chi-tieu.toml"),
            calendar: province.join("ky-bao-cao.toml"),
            corrections: province.join("hieu-dinh.toml"),
            short_titles: None,
            outlines: province.join("de-cuong"),
            notes: province.join("ghi-chu"),
        },
        None,
    )
    .unwrap();
    // The annex names every district-level unit through its collectives, none in vain.
    assert!(
        !ws.catalogue
            .diagnostics
            .iter()
            .any(|d| d.code.as_str() == "task.collective_empty"),
        "{:?}",
        ws.catalogue.diagnostics
    );
    let files = vanban::sample::submissions::generate(
        &ws.catalogue,
        &ws.registry,
        &ws.indicators,
        &ws.calendar,
        vanban::model::period::Period::parse_id("q1-2019").unwrap(),
        usize::MAX,
    )
    .unwrap();
    for (i, (name, bytes)) in files.into_iter().enumerate() {
        let path = province.join("bao-cao/q1-2019").join(&name);
        assert_eq!(path.exists(), i % 4 != 3, "{name}");
        if !path.exists() {
            continue;
        }
        let a = Workbook::from_bytes(bytes).unwrap();
        let b = Workbook::open(&path).unwrap();
        for (x, y) in a.sheets.iter().zip(&b.sheets) {
            crate::common::assert_same_cells(x, y, false, &format!("{name}: regenerate"));
        }
    }
}

#[test]
fn generated_six_month_and_yearly_reports_follow_their_outlines() {
    for (period, as_of, next) in [
        (
            "h1-2019",
            "2019-06-06",
            "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2019",
        ),
        (
            "y-2019",
            "2019-11-06",
            "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2020",
        ),
    ] {
        let dir = TempDir::new(&format!("outline-{period}"));
        let input = dir.path("in");
        let o = vanban(&[
            "sample",
            "--period",
            period,
            "--agencies",
            "30",
            "-o",
            input.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let config = config_copy(
            "vanban.toml",
            &dir,
            &[
                (
                    "submissions = \"inputs/bao-cao\"",
                    format!(
                        "submissions = {:?}",
                        input.join("bao-cao").to_str().unwrap()
                    ),
                ),
                ("as_of = \"2019-03-06\"", format!("as_of = \"{as_of}\"")),
            ],
        );
        let (report, _) = run_texts(&config, &dir, period);
        let heads = sections(&report);
        assert_eq!(heads.len(), 5, "{period}: {heads:?}");
        assert_eq!(heads[3], next, "{period}");
        assert!(report.contains("số liệu lũy kế"), "{period}: {report}");
        for bad in ["…", "chưa có kết quả báo cáo", "( "] {
            assert!(!report.contains(bad), "{period}: {bad:?} in {report}");
        }
    }
}
