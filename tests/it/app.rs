//! The command layer: one vanban.toml honoured by every command, the same exit code for
//! the same failure everywhere, no city in the program.

use crate::common::*;

/// The shipped vanban.toml with `edit` applied, written to a temporary file.
fn config_with(dir: &TempDir, edit: impl Fn(String) -> String) -> String {
    let text = std::fs::read_to_string(root().join("vanban.toml")).unwrap();
    let path = dir.path("vanban.toml");
    std::fs::write(&path, edit(text)).unwrap();
    path.display().to_string()
}

const SAMPLE: &str = "inputs/bao-cao/q1-2019/STP-q1-2019.xlsx";

#[test]
fn check_and_remind_honour_inputs_and_limits_of_the_config() {
    let dir = TempDir::new("cfg-limits");
    let cfg = config_with(&dir, |t| t.replace("max_cells = 2000000", "max_cells = 10"));
    let out = vanban(&["check", SAMPLE, "--no-feedback", "--config", &cfg]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("file.too_large"), "{}", stdout(&out));
    // remind reads [limits] too: every file is now unusable, so all 35 agencies get a
    // letter: one to the 21 without a report, one each to the 14 whose report could not
    // be read.
    let out_dir = dir.path("out");
    let out = vanban(&[
        "remind",
        "--config",
        &cfg,
        "--format",
        "docx",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("đã ghi 15 công văn"),
        "{}",
        stdout(&out)
    );

    // [inputs] names the registry every command reads.
    let cfg = config_with(&dir, |t| {
        t.replace("inputs/co-quan.toml", "inputs/khong-co.toml")
    });
    for args in [
        vec!["check", SAMPLE, "--no-feedback"],
        vec!["catalogue"],
        vec!["agencies"],
    ] {
        let mut a = args.clone();
        a.extend(["--config", cfg.as_str()]);
        let out = vanban(&a);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("khong-co.toml"), "{}", stderr(&out));
    }
}

#[test]
fn documents_need_their_issuers_in_the_config() {
    let dir = TempDir::new("cfg-docs");
    let cfg = config_with(&dir, |t| {
        let i = t.find("# Issuers, signers and recipients").unwrap();
        t[..i].to_string()
    });
    let out = vanban(&[
        "report",
        "--config",
        &cfg,
        "-o",
        dir.path("o").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("[documents]"), "{}", stderr(&out));
}

#[test]
fn the_same_failure_has_the_same_exit_code_in_every_command() {
    let dir = TempDir::new("exit");
    let bad = dir.path("danh-muc.xlsx");
    std::fs::write(&bad, b"not a workbook").unwrap();
    let bad = bad.to_str().unwrap();
    let o = dir.path("o");
    let o = o.to_str().unwrap();
    // A catalogue that cannot be read is an input error everywhere.
    for args in [
        vec!["catalogue", bad],
        vec!["check", SAMPLE, "--no-feedback", "--catalogue", bad],
        vec!["report", "--catalogue", bad, "-o", o],
        vec!["remind", "--catalogue", bad, "-o", o],
        vec![
            "template",
            "--agency",
            "STP",
            "--period",
            "q1-2019",
            "--catalogue",
            bad,
        ],
    ] {
        let out = vanban(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("danh-muc.xlsx"), "{}", stderr(&out));
    }
    // A registry that does not exist is a configuration error everywhere.
    let missing = dir.path("co-quan.toml");
    let missing = missing.to_str().unwrap();
    for args in [
        vec!["catalogue", "--registry", missing],
        vec!["agencies", "--registry", missing],
        vec!["check", SAMPLE, "--no-feedback", "--registry", missing],
        vec!["report", "--registry", missing, "-o", o],
    ] {
        let out = vanban(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn an_indicator_check_without_sides_is_refused_when_loaded() {
    let dir = TempDir::new("ind");
    let text = std::fs::read_to_string(root().join("inputs/chi-tieu.toml")).unwrap();
    let i = text.find("[[check]]").unwrap();
    let j = i + text[i..].find("left = [").unwrap();
    let k = j + text[j..].find(']').unwrap();
    let broken = format!("{}left = []{}", &text[..j], &text[k + 1..]);
    let path = dir.path("chi-tieu.toml");
    std::fs::write(&path, broken).unwrap();
    let out = vanban(&[
        "check",
        SAMPLE,
        "--no-feedback",
        "--indicators",
        path.to_str().unwrap(),
    ]);
    // Before, the empty side panicked inside the parallel check and aborted the run.
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("chi-tieu.toml") && err.contains("phép kiểm tra thứ 1"),
        "{err}"
    );
}

#[test]
fn check_writes_the_other_feedback_copies_when_one_cannot_be_written() {
    let dir = TempDir::new("fb");
    // A file where the feedback folder should be: no copy can be written.
    let blocker = dir.path("blocker");
    std::fs::write(&blocker, b"").unwrap();
    let target = blocker.join("kiem-tra");
    let out = vanban(&[
        "check",
        "inputs/bao-cao/q1-2019/SNV-q1-2019.xlsx",
        "--feedback",
        target.to_str().unwrap(),
    ]);
    // The findings are still printed, and the failure is an input-level exit (1), as in
    // `run`, not a stop of the command (2).
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("Tổng: 1 tệp"), "{}", stdout(&out));
    assert!(stderr(&out).contains("kiem-tra"), "{}", stderr(&out));
}

#[test]
fn another_province_changes_only_its_config() {
    let dir = TempDir::new("province");
    let cfg = config_with(&dir, |t| {
        t.replace(
            "name = \"Ủy ban nhân dân thành phố Hải Phòng\"",
            "name = \"Ủy ban nhân dân tỉnh Thành Nam\"",
        )
        .replace("place = \"Hải Phòng\"", "place = \"Thành Nam\"")
        .replace("parent = \"UBND thành phố Hải Phòng\"", "parent = \"UBND tỉnh Thành Nam\"")
        .replace(
            "reminder_days = 3 ",
            "locality = \"tỉnh\"\nreminder_days = 3 ",
        )
        .replace(
            "Kế hoạch cải cách hành chính nhà nước thành phố Hải Phòng năm 2019 (ban hành kèm theo Quyết định số 3472/QĐ-UBND ngày 27/12/2018 của Ủy ban nhân dân thành phố)",
            "Kế hoạch cải cách hành chính nhà nước năm 2019 của tỉnh",
        )
    });
    let o = dir.path("o");
    let out = vanban(&[
        "report",
        "--config",
        &cfg,
        "--format",
        "docx",
        "-o",
        o.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = docx_text(&o.join("bao-cao-cchc-q1-2019.docx"));
    assert!(text.contains("Thành Nam, ngày"), "date line");
    assert!(
        text.contains("Ủy ban nhân dân tỉnh đã ban hành Kế hoạch"),
        "committee in running text"
    );
    assert!(
        text.contains("của Ủy ban nhân dân tỉnh Thành Nam (chi tiết tại Phụ lục I"),
        "closing sentence names the configured issuer"
    );
    // The registry's own names ("Văn phòng Ủy ban nhân dân thành phố") are data and stay;
    // no sentence of the program names the city any more.
    assert!(!text.contains("Ủy ban nhân dân thành phố đã chỉ đạo"));
    assert!(!text.contains("Hải Phòng (chi tiết"));
    let out = vanban(&[
        "remind",
        "--config",
        &cfg,
        "--format",
        "docx",
        "-o",
        o.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let letter = docx_text(&o.join("cong-van-don-doc/don-doc-chua-gui-q1-2019.docx"));
    assert!(letter.contains("THÀNH NAM"), "parent body in the header");
    assert!(letter.contains("báo cáo Ủy ban nhân dân tỉnh"), "{letter}");
    assert!(
        !letter.contains("báo cáo Ủy ban nhân dân thành phố"),
        "{letter}"
    );
}
