//! Parsers for the values people type in report cells: task statuses and dates.
//!
//! Both are lenient the way a careful clerk is ("Đã HT", "xong", "15.01.2019", "ngày 15
//! tháng 01 năm 2019") and strict where a guess would be wrong: dates are always day
//! first, and an unknown status is reported rather than mapped to the nearest one.

use crate::model::status::Status;
use crate::read::sheet::Value;
use crate::text::fold;
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::OnceLock;

/// Reads a status typed loosely: "hoàn thành", "Đã HT", "HT", "xong", "đang triển khai",
/// "chưa", in any case or Unicode form. `None` when not recognised.
pub fn parse_status(text: &str) -> Option<Status> {
    let f = crate::text::header_key(text);
    if f.is_empty() {
        return None;
    }
    let has = |p: &str| crate::text::has_words(&f, p);
    // Negations and "in progress" wordings first: "Không hoàn thành", "Chưa xong",
    // "Đang thực hiện, dự kiến hoàn thành tháng 6" are not done.
    if has("khong thuc hien")
        || has("chua thuc hien")
        || has("chua trien khai")
        || has("chua bat dau")
        || has("chua lam")
        || f == "chua"
        || f == "chua th"
    {
        return Some(Status::NotStarted);
    }
    if has("chua hoan thanh")
        || has("chua ht")
        || has("chua xong")
        || has("khong hoan thanh")
        || has("dang hoan thanh")
        || has("du kien hoan thanh")
        || f.starts_with("dang ")
        || text.contains('%')
        || f == "dang"
        || has("co ban hoan thanh")
        || has("dang thuc hien")
        || has("dang trien khai")
        || has("dang th")
        || has("dang lam")
        || has("thuong xuyen")
        || has("cham tien do")
        || has("dang xay dung")
        || has("tiep tuc thuc hien")
        || has("tiep tuc trien khai")
    {
        return Some(Status::InProgress);
    }
    // Done: "hoàn thành" as the main phrase, optionally "đã …" before and "đúng hạn",
    // "quá hạn", "trễ hạn"… after.
    let done_phrases = [
        "hoan thanh",
        "da hoan thanh",
        "ht",
        "da ht",
        "xong",
        "da xong",
        "done",
        "completed",
    ];
    let qualifiers = [
        "",
        " dung han",
        " qua han",
        " tre han",
        " cham",
        " cham tien do",
        " truoc han",
        " dung tien do",
        " 100",
    ];
    for p in done_phrases {
        for q in qualifiers {
            if f == format!("{p}{q}") {
                return Some(Status::Done);
            }
        }
    }
    if f.starts_with("da hoan thanh ") || f.starts_with("hoan thanh ") || f.starts_with("da xong ")
    {
        return Some(Status::Done);
    }
    None
}

/// Words people put in the state column that judge the work but name no state: "tốt",
/// "đạt", "OK". Compared with their diacritics, lower case: folded, "đúng" would be
/// "Dừng" (a task halted) too.
const VERDICT_WORDS: &[&str] = &[
    "tốt",
    "đạt",
    "ok",
    "đạt yêu cầu",
    "đảm bảo",
    "bảo đảm",
    "khá",
    "bình thường",
    "đúng",
    "có",
    "x",
    "v",
    "good",
    "yes",
    "✓",
    "✔",
    "√",
];

/// True when a state cell holds a verdict ("tốt", "đạt", "OK") rather than a state.
pub fn is_verdict(text: &str) -> bool {
    let t: String = crate::text::clean(text)
        .to_lowercase()
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | ','))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    VERDICT_WORDS.contains(&t.as_str())
}

/// The state a free text (a row's "Kết quả thực hiện") states, when it states exactly
/// one: "Đang triển khai thực hiện theo kế hoạch" → in progress. The phrase it was read
/// from comes with it, as typed. `None` when the text names no state or several ("đã
/// hoàn thành bước 1, đang triển khai bước 2").
pub fn status_in_text(text: &str) -> Option<(Status, String)> {
    const CUES: &[(&str, Status)] = &[
        // Before "hoàn thành": what is planned to be finished is not finished.
        ("du kien hoan thanh", Status::InProgress),
        ("phan dau hoan thanh", Status::InProgress),
        ("chua thuc hien", Status::NotStarted),
        ("chua trien khai", Status::NotStarted),
        ("chua bat dau", Status::NotStarted),
        ("chua hoan thanh", Status::InProgress),
        ("dang trien khai", Status::InProgress),
        ("dang thuc hien", Status::InProgress),
        ("dang xay dung", Status::InProgress),
        ("dang hoan thien", Status::InProgress),
        ("tiep tuc thuc hien", Status::InProgress),
        ("tiep tuc trien khai", Status::InProgress),
        ("da hoan thanh", Status::Done),
        ("hoan thanh 100", Status::Done),
    ];
    // Words of the text, folded, each with its byte span in the text.
    let mut words: Vec<(String, usize, usize)> = Vec::new();
    for (i, c) in text.char_indices() {
        let f = crate::text::fold_char(c);
        let end = i + c.len_utf8();
        if f.is_alphanumeric() {
            match words.last_mut() {
                Some((w, _, e)) if *e == i => {
                    w.push(f);
                    *e = end;
                }
                _ => words.push((f.to_string(), i, end)),
            }
        }
    }
    let mut used = vec![false; words.len()];
    let mut found: Vec<(Status, String)> = Vec::new();
    for (cue, status) in CUES {
        let cue: Vec<&str> = cue.split(' ').collect();
        for at in 0..words.len().saturating_sub(cue.len() - 1) {
            let span = at..at + cue.len();
            if used[span.clone()].iter().any(|u| *u)
                || !words[span.clone()].iter().zip(&cue).all(|(w, c)| w.0 == *c)
            {
                continue;
            }
            // "chưa hoàn thành" must not count as "hoàn thành" too.
            used[span.clone()].iter_mut().for_each(|u| *u = true);
            let mut status = *status;
            let mut end = words[span.end - 1].2;
            // "đã hoàn thành 60%": a share of the work is work in progress.
            if status == Status::Done
                && let Some(next) = words.get(span.end)
                && let Ok(n) = next.0.parse::<u32>()
                && n < 100
            {
                status = Status::InProgress;
                end = next.2;
            }
            found.push((status, text[words[at].1..end].to_string()));
        }
    }
    let first = found.first()?.0;
    if found.iter().any(|(s, _)| *s != first) {
        return None;
    }
    found.into_iter().next()
}

/// A figure cell that says "none" in words or with a dash: "không có", "không", "-",
/// "—", "không phát sinh". A clerk reads it as 0.
pub fn is_nil_figure(value: &Value) -> bool {
    let Value::Text(t) = value else {
        return false;
    };
    let t = t.trim();
    if !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '-' | '‐' | '‑' | '–' | '—' | '−'))
    {
        return true;
    }
    matches!(
        crate::text::header_key(t).as_str(),
        "khong" | "khong co" | "khong phat sinh" | "chua phat sinh" | "0 khong co"
    )
}

/// Why a date cell could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDate(pub String);

/// Reads a date cell: an Excel date, an Excel serial number, or text (`15/1/2019`,
/// `15-01-2019`, `15.01.2019`, `2019-01-15`, `ngày 15 tháng 01 năm 2019`, `15/01/19`).
/// Day first, always. `Ok(None)` for an empty cell.
pub fn parse_date(value: &Value) -> Result<Option<NaiveDate>, BadDate> {
    match value {
        Value::Empty => Ok(None),
        Value::Date(d) if (1990..=2100).contains(&d.date().year()) => Ok(Some(d.date())),
        Value::Date(d) => Err(BadDate(d.format("%d/%m/%Y").to_string())),
        Value::Number(n) => serial_date(*n)
            .map(Some)
            .ok_or_else(|| BadDate(format!("{n}"))),
        Value::Text(t) => parse_date_text(t).map(Some),
        Value::Bool(b) => Err(BadDate(b.to_string())),
        Value::Error(e) => Err(BadDate(e.to_string())),
    }
}

/// Excel's 1900 date system: serial 1 = 1900-01-01, with the phantom 29/02/1900, so
/// day 0 is 1899-12-30 for serials after February 1900. Only plausible report dates
/// (1990–2100) are accepted: a stray number is not a date.
pub fn serial_date(n: f64) -> Option<NaiveDate> {
    if !n.is_finite() || n.fract() != 0.0 {
        return None;
    }
    if !(0.0..=2_958_465.0).contains(&n) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let d = base.checked_add_signed(chrono::TimeDelta::try_days(n as i64)?)?;
    (1990..=2100).contains(&d.year()).then_some(d)
}

/// The date of an official place-and-date line ("Tiên Lãng, ngày 02 tháng 3 năm 2019",
/// "Hải Phòng, ngày 28/02/2019"): a short place name, a comma, then the date.
pub fn date_line(text: &str) -> Option<NaiveDate> {
    if text.chars().count() > 80 {
        return None;
    }
    let (place, date) = text.split_once(',')?;
    let place = place.trim();
    if place.is_empty()
        || place.chars().count() > 40
        || place.chars().any(|c| c.is_ascii_digit())
        || !fold(date).trim_start().starts_with("ngay")
    {
        return None;
    }
    parse_date_text(date.trim()).ok()
}

/// Reads a date written as text, day first.
pub fn parse_date_text(text: &str) -> Result<NaiveDate, BadDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(concat!(
            r"^(?:ngay )?(?P<d>[0-9]{1,2}) ?[/.\-] ?(?P<m>[0-9]{1,2}) ?[/.\-] ?(?P<y>[0-9]{4}|[0-9]{2})$",
            r"|^(?P<iy>[0-9]{4})-(?P<im>[0-9]{1,2})-(?P<id>[0-9]{1,2})(?:[t ][0-9:.]+)?$",
            r"|^(?:ngay )?(?P<vd>[0-9]{1,2}) thang (?P<vm>[0-9]{1,2}) nam (?P<vy>[0-9]{4})$",
        ))
        .unwrap()
    });
    let f = fold(text);
    let f = f.trim().trim_end_matches('.');
    let bad = || BadDate(text.to_string());
    let caps = re.captures(f).ok_or_else(bad)?;
    let num = |a: &str, b: &str, c: &str| -> Option<i32> {
        caps.name(a)
            .or_else(|| caps.name(b))
            .or_else(|| caps.name(c))
            .and_then(|m| m.as_str().parse().ok())
    };
    let d = num("d", "id", "vd").ok_or_else(bad)?;
    let m = num("m", "im", "vm").ok_or_else(bad)?;
    let mut y = num("y", "iy", "vy").ok_or_else(bad)?;
    if y < 100 {
        y += 2000;
    }
    NaiveDate::from_ymd_opt(y, m as u32, d as u32)
        .filter(|d| (1990..=2100).contains(&d.year()))
        .ok_or_else(bad)
}

/// Reads a figure: a whole number ≥ 0, as a number cell or as text with Vietnamese
/// thousands separators ("1.234", "1 234"). `Ok(None)` for an empty cell.
pub fn parse_count(value: &Value) -> Result<Option<u64>, String> {
    match value {
        Value::Empty => Ok(None),
        Value::Number(n) => {
            if n.is_finite() && n.fract() == 0.0 && *n >= 0.0 && *n < 1e12 {
                Ok(Some(*n as u64))
            } else {
                Err(format!("{n}"))
            }
        }
        Value::Text(t) => {
            static RE: OnceLock<Regex> = OnceLock::new();
            let re = RE.get_or_init(|| {
                Regex::new(r"^[0-9]{1,3}(?:[. ][0-9]{3}){0,3}$|^[0-9]{1,12}$").unwrap()
            });
            let s = t.trim();
            if re.is_match(s) {
                s.replace(['.', ' '], "")
                    .parse()
                    .map(Some)
                    .map_err(|_| s.to_string())
            } else {
                Err(s.to_string())
            }
        }
        Value::Date(d) => Err(d.format("%d/%m/%Y").to_string()),
        Value::Bool(b) => Err(b.to_string()),
        Value::Error(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn statuses() {
        for (t, s) in [
            ("Đã hoàn thành", Status::Done),
            ("hoàn thành", Status::Done),
            ("Đã HT", Status::Done),
            ("HT", Status::Done),
            ("xong", Status::Done),
            ("Hoàn thành đúng hạn", Status::Done),
            ("Hoàn thành quá hạn", Status::Done),
            ("ĐANG TRIỂN KHAI", Status::InProgress),
            ("đang thực hiện", Status::InProgress),
            ("Chưa hoàn thành", Status::InProgress),
            ("Thường xuyên", Status::InProgress),
            ("chưa", Status::NotStarted),
            ("Chưa thực hiện", Status::NotStarted),
            ("Chưa triển khai", Status::NotStarted),
        ] {
            assert_eq!(parse_status(t), Some(s), "{t}");
            let nfd: String = t.nfd().collect();
            assert_eq!(parse_status(&nfd), Some(s), "NFD {t}");
        }
        for t in [
            "Không hoàn thành",
            "Chưa xong",
            "Đang thực hiện, dự kiến hoàn thành tháng 6",
            "Hoàn thành 50%",
            "Cơ bản hoàn thành",
        ] {
            assert_eq!(parse_status(t), Some(Status::InProgress), "{t}");
        }
        assert_eq!(
            parse_status("Chưa thực hiện xong"),
            Some(Status::NotStarted)
        );
        assert_eq!(
            parse_status("Đã hoàn thành (Kế hoạch số 12)"),
            Some(Status::Done)
        );
        assert_eq!(parse_status(""), None);
        assert_eq!(parse_status("OK"), None);
        assert_eq!(parse_status("tốt"), None);
    }

    #[test]
    fn dates() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        for (t, want) in [
            ("15/1/2019", d(2019, 1, 15)),
            ("15-01-2019", d(2019, 1, 15)),
            ("15.01.2019", d(2019, 1, 15)),
            ("2019-01-15", d(2019, 1, 15)),
            ("ngày 15 tháng 01 năm 2019", d(2019, 1, 15)),
            ("05/02/19", d(2019, 2, 5)),
            ("3/4/2019", d(2019, 4, 3)), // day first, always
        ] {
            assert_eq!(parse_date_text(t), Ok(want), "{t}");
        }
        for bad in ["31/02/2019", "hôm qua", "2019", "15/13/2019", "1/1/1800"] {
            assert!(parse_date_text(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_date(&Value::Number(43480.0)),
            Ok(Some(d(2019, 1, 15)))
        );
        assert!(parse_date(&Value::Number(12.0)).is_err());
        assert_eq!(parse_date(&Value::Empty), Ok(None));
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count(&Value::Number(12.0)), Ok(Some(12)));
        assert_eq!(parse_count(&Value::Text("1.234".into())), Ok(Some(1234)));
        assert_eq!(
            parse_count(&Value::Text("1 234 567".into())),
            Ok(Some(1234567))
        );
        assert!(parse_count(&Value::Number(-1.0)).is_err());
        assert!(parse_count(&Value::Number(2.5)).is_err());
        assert!(parse_count(&Value::Text("nhiều".into())).is_err());
        assert!(parse_count(&Value::Text("96,5%".into())).is_err());
        assert_eq!(parse_count(&Value::Empty), Ok(None));
    }

    #[test]
    fn words_a_clerk_reads() {
        for t in ["không có", "Không", "-", "—", " – ", "Không phát sinh"] {
            assert!(is_nil_figure(&Value::Text(t.into())), "{t}");
        }
        for t in ["nhiều", "0,5", "không rõ"] {
            assert!(!is_nil_figure(&Value::Text(t.into())), "{t}");
        }
        assert!(is_verdict("tốt") && is_verdict("ĐẠT") && is_verdict("ok"));
        assert!(!is_verdict("Hủy bỏ") && !is_verdict("Dừng") && is_verdict("Đúng."));
        assert_eq!(
            status_in_text("Đang triển khai thực hiện theo kế hoạch").map(|s| s.0),
            Some(Status::InProgress)
        );
        assert_eq!(
            status_in_text("Chưa hoàn thành do thiếu kinh phí").map(|s| s.0),
            Some(Status::InProgress)
        );
        assert_eq!(
            status_in_text("Đã hoàn thành, đã ban hành Kế hoạch số 12/KH-UBND").map(|s| s.0),
            Some(Status::Done)
        );
        assert_eq!(
            status_in_text("Đã hoàn thành bước 1, đang triển khai bước 2"),
            None
        );
        assert_eq!(
            status_in_text("Đang  triển khai thực hiện").map(|s| s.1),
            Some("Đang  triển khai".to_string())
        );
        assert_eq!(status_in_text("Ban hành Kế hoạch"), None);
        for t in [
            "Đã hoàn thành 60% khối lượng công việc",
            "Dự kiến hoàn thành 100% trong quý III",
        ] {
            assert_eq!(
                status_in_text(t).map(|s| s.0),
                Some(Status::InProgress),
                "{t}"
            );
        }
    }
}
