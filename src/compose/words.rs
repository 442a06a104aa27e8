//! Wording shared by the report and the Tờ trình: counts that read naturally, rates with
//! their base, targets judged in the plan's own terms, the period's outline, routine
//! lines told apart from substantive ones, and proposals sorted by whom they address.

use crate::aggregate::{GroupCounts, Summary, TargetResult, TaskSummary};
use crate::compose::vi::{date, format_percent, format_percent_against};
use crate::model::catalogue::{Catalogue, Task};
use crate::model::indicators::TargetKind;
use crate::model::period::PeriodKind;
use crate::text::{fold, format_count};

/// "35 nhiệm vụ (39 nội dung)", or "5 nhiệm vụ" when no task has sub-items.
pub fn tasks_phrase<'a>(tasks: impl IntoIterator<Item = &'a Task>) -> String {
    let mut numbers: Vec<String> = Vec::new();
    let mut items = 0;
    for t in tasks {
        items += 1;
        let n = t
            .code
            .trim_end_matches(|c: char| c.is_alphabetic())
            .to_string();
        if !numbers.contains(&n) {
            numbers.push(n);
        }
    }
    if numbers.len() == items {
        format!("{items} nhiệm vụ")
    } else {
        format!("{} nhiệm vụ ({items} nội dung)", numbers.len())
    }
}

/// The unit the counts of a set of tasks use: "nội dung" when some task has sub-items.
pub fn item_word<'a>(tasks: impl IntoIterator<Item = &'a Task>) -> &'static str {
    if tasks_phrase(tasks).contains("nội dung") {
        "nội dung"
    } else {
        "nhiệm vụ"
    }
}

/// The state of a set of tasks in one sentence, without zero counts: "đã hoàn thành 3
/// nội dung (2 đúng tiến độ, 1 chậm so với thời hạn); 27 nội dung đang triển khai…".
pub fn counts_sentence(c: &GroupCounts, unit: &str) -> String {
    let mut parts = Vec::new();
    if c.completed() == c.total && c.total > 0 {
        parts.push(format!(
            "đã hoàn thành tất cả {}/{} {unit}",
            c.total, c.total
        ));
    } else if c.completed() > 0 {
        parts.push(format!(
            "đã hoàn thành {}/{} {unit}",
            c.completed(),
            c.total
        ));
    } else {
        parts.push(format!("chưa có {unit} nào hoàn thành"));
    }
    if c.completed() > 0 {
        let mut of = Vec::new();
        if c.completed_on_time > 0 {
            of.push(format!("{} đúng tiến độ", c.completed_on_time));
        }
        if c.completed_late > 0 {
            of.push(format!("{} chậm so với thời hạn", c.completed_late));
        }
        if c.completed_late > 0 {
            parts[0].push_str(&format!(" ({})", of.join(", ")));
        }
    }
    let mut rest = Vec::new();
    if c.in_progress > 0 {
        rest.push(format!("{} {unit} đang triển khai", c.in_progress));
    }
    if c.not_started > 0 {
        rest.push(format!("{} {unit} chưa triển khai", c.not_started));
    }
    if c.not_reported > 0 {
        rest.push(format!("{} {unit} chưa có kết quả báo cáo", c.not_reported));
    }
    let mut s = parts.join("");
    if !rest.is_empty() {
        s.push_str("; ");
        s.push_str(&rest.join(", "));
    }
    if c.overdue > 0 {
        s.push_str(&format!(
            "; {} {unit} đã quá thời hạn nhưng chưa hoàn thành",
            c.overdue
        ));
    }
    s
}

/// The verdict on a target in the plan's terms: a yearly target before the year's
/// report is "đang thực hiện, đến nay đạt …", never simply "đạt".
pub fn verdict(t: &TargetResult, period: PeriodKind) -> String {
    let shown = t
        .value
        .map(|v| format_percent_against(v, t.min))
        .unwrap_or_default();
    match (t.achieved, period == PeriodKind::Y) {
        (None, _) => "chưa có số liệu để đánh giá".into(),
        (Some(true), true) => "đạt".into(),
        (Some(false), true) => "chưa đạt".into(),
        (Some(true), false) => format!("đang thực hiện, đến nay đạt {shown}"),
        (Some(false), false) => format!("đang thực hiện, đến nay mới đạt {shown}"),
    }
}

/// A target as one sentence with its base: "Tỷ lệ hồ sơ … đạt 98,8% (19.642/19.885 hồ
/// sơ, tính trên 12/35 cơ quan có số liệu); chỉ tiêu Kế hoạch: từ 96% trở lên — đang
/// thực hiện, đến nay đạt 98,8%".
pub fn target_sentence(t: &TargetResult, s: &Summary) -> String {
    let base = match t.kind {
        TargetKind::Rate => format!(
            "{}/{}, tính trên {}/{} cơ quan, đơn vị có số liệu",
            format_count(t.numerator),
            format_count(t.denominator),
            t.agencies,
            s.agencies.len()
        ),
        TargetKind::Tasks => format!("{}/{} nội dung đến hạn", t.numerator, t.denominator),
    };
    let value = match t.value {
        Some(v) => format!("{} ({base})", format_percent_against(v, t.min)),
        None => "chưa có số liệu".into(),
    };
    let target = if t.min >= 1.0 {
        "100%".to_string()
    } else {
        format!("từ {} trở lên", format_percent(t.min))
    };
    format!(
        "{}: {value}; chỉ tiêu Kế hoạch {target}: {}",
        t.name,
        verdict(t, s.period.kind)
    )
}

/// The report's title after "Kết quả thực hiện công tác cải cách hành chính".
pub fn report_title(s: &Summary) -> String {
    let y = s.period.year;
    match s.period.kind {
        PeriodKind::Q1 => format!("quý I năm {y}"),
        PeriodKind::H1 => {
            format!("6 tháng đầu năm và phương hướng, nhiệm vụ 6 tháng cuối năm {y}")
        }
        PeriodKind::Q3 => format!("quý III và phương hướng, nhiệm vụ quý IV năm {y}"),
        PeriodKind::Y => format!("năm {y} và phương hướng, nhiệm vụ năm {}", y + 1),
    }
}

/// The next period as written in the heading of its directions.
pub fn next_period_words(s: &Summary) -> String {
    let y = s.period.year;
    match s.period.kind {
        PeriodKind::Q1 => format!("quý II năm {y}"),
        PeriodKind::H1 => format!("6 tháng cuối năm {y}"),
        PeriodKind::Q3 => format!("quý IV năm {y}"),
        PeriodKind::Y => format!("năm {}", y + 1),
    }
}

/// "(số liệu tính từ ngày 15/12/2018 đến ngày 14/3/2019)", "lũy kế" for the 6-month and
/// yearly reports.
pub fn data_window_words(s: &Summary) -> Option<String> {
    let (from, to) = s.data_window?;
    let kind = if s.cumulative {
        "số liệu lũy kế"
    } else {
        "số liệu"
    };
    Some(format!(
        "{kind} tính từ ngày {} đến ngày {}",
        date(from),
        date(to)
    ))
}

/// A partner's line that says only that it cooperated ("Phối hợp với cơ quan chủ trì
/// triển khai nhiệm vụ; cung cấp thông tin, số liệu theo đề nghị"): worth one collective
/// sentence, not a quotation. `repeated` is how many tasks carry the same words.
pub fn is_routine(text: &str, repeated: usize) -> bool {
    let core = without_brackets(text);
    let f = fold(&core);
    let words = f.split_whitespace().count();
    (f.starts_with("phoi hop") && words <= 30) || (repeated >= 3 && words <= 40)
}

/// The text without its parenthesised parts (the document cited in brackets), folded
/// for comparison.
pub fn routine_key(text: &str) -> String {
    fold(&without_brackets(text))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn without_brackets(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// True when a proposal addresses central bodies (the Government, the Prime Minister,
/// ministries, the National Assembly), which the UBND's report to the Ministry may
/// carry; any other (the city's own departments, the UBND) belongs in the Sở's Tờ trình.
pub fn is_central(proposal: &str) -> bool {
    // Whole words only: "các bộ phận một cửa" and "cán bộ" are not ministries.
    let words: String = fold(proposal)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let text = format!(
        " {} ",
        words.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    const CENTRAL: &[&str] = &[
        "chinh phu",
        "thu tuong",
        "trung uong",
        "quoc hoi",
        "cac bo nganh",
        "bo nganh",
        "bo noi vu",
        "bo tai chinh",
        "bo tu phap",
        "bo thong tin",
        "bo ke hoach",
        "bo y te",
        "bo giao duc",
        "bo giao thong",
        "bo cong an",
        "bo cong thuong",
        "bo xay dung",
        "bo lao dong",
        "bo nong nghiep",
        "bo tai nguyen",
        "bo van hoa",
        "bo khoa hoc",
        "bo ngoai giao",
        "bo quoc phong",
    ];
    CENTRAL.iter().any(|k| text.contains(&format!(" {k} ")))
}

/// Tasks whose plan step came after its due date, with the step as written.
pub fn late_plan_steps<'a>(cat: &'a Catalogue, s: &'a Summary) -> Vec<(&'a Task, &'a TaskSummary)> {
    cat.tasks
        .iter()
        .zip(&s.tasks)
        .filter(|(_, ts)| ts.plan.as_ref().is_some_and(|p| p.late))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routine_and_central() {
        assert!(is_routine(
            "Phối hợp với cơ quan chủ trì triển khai nhiệm vụ; cung cấp thông tin, số liệu theo đề nghị (Công văn số 80/VP ngày 15/02/2019)",
            1
        ));
        assert!(!is_routine(
            "Đã thẩm định 12 dự thảo văn bản quy phạm pháp luật do Sở chủ trì xây dựng, góp ý 4 đề án",
            1
        ));
        assert!(is_central("Đề nghị Bộ Nội vụ sớm ban hành hướng dẫn"));
        assert!(!is_central("Đề nghị Sở Tài chính bố trí kinh phí"));
        assert!(!is_central("Bổ sung máy tính cho các bộ phận một cửa"));
        assert!(!is_central("Tập huấn cho cán bộ, công chức"));
        assert!(is_central(
            "Kiến nghị các Bộ, ngành Trung ương sớm hướng dẫn"
        ));
        assert!(is_central("Đề nghị Bộ Tài chính sửa đổi Thông tư"));
        assert_eq!(
            routine_key("Phối hợp (Công văn số 1) theo đề nghị"),
            "phoi hop theo de nghi"
        );
    }
}
