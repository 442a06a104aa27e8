//! One reform area told as a specialist writes it: the documents issued, grouped by who
//! issued them and their kind ("Ủy ban nhân dân thành phố đã ban hành 04 kế hoạch
//! (…)"), the tasks completed, then what is in progress in one sentence with its count,
//! what is not yet due, and what is late, named with its deadline.
//!
//! Never a line per task with its state, never a zero, never a task "not reported"
//! (that is the Tờ trình's business), and never an agency's own sentence in the UBND's
//! mouth: the agencies' words stay in their reports; the facts — the documents they
//! cite, the dates, the states the Sở has settled — are what the UBND reports.

use super::Ctx;
use crate::aggregate::{TaskState, TaskSummary};
use crate::check::evidence::citations;
use crate::compose::vi::date;
use crate::doc::Block;
use crate::model::catalogue::Task;
use crate::model::registry::AgencyKind;

/// A count as official prose writes it: "04", "12".
pub(super) fn pad(n: usize) -> String {
    format!("{n:02}")
}

/// "Kế hoạch kiểm tra…" → "kế hoạch kiểm tra…", unless the first word is an acronym
/// ("ISO", "UBND").
pub(super) fn lower_first(s: &str) -> String {
    let first_word = s.split_whitespace().next().unwrap_or("");
    if first_word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && first_word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A document an agency cites for one of the area's tasks.
struct Issued {
    issuer: String,
    /// "Kế hoạch", "Quyết định".
    kind: String,
    /// "Kế hoạch số 27/KH-UBND ngày 21/01/2019 về kiểm tra, rà soát …".
    text: String,
}

/// The area's paragraphs; empty when there is nothing to tell.
pub(super) fn area(cx: &Ctx, tasks: &[(&Task, &TaskSummary)]) -> Vec<Block> {
    let mut out: Vec<String> = Vec::new();
    out.extend(issued_sentences(cx, tasks));
    let cited: Vec<&str> = tasks
        .iter()
        .filter(|(_, ts)| !documents(cx, ts).is_empty())
        .map(|(t, _)| t.code.as_str())
        .collect();
    let done: Vec<String> = tasks
        .iter()
        .filter(|(t, ts)| ts.is_completed() && !cited.contains(&t.code.as_str()))
        .map(|(t, _)| t.short_title(0))
        .collect();
    if !done.is_empty() {
        out.push(format!(
            "Đã hoàn thành {} nhiệm vụ: {}.",
            pad(done.len()),
            done.join("; ")
        ));
    }
    let running: Vec<String> = tasks
        .iter()
        .filter(|(_, ts)| ts.state == TaskState::InProgress)
        .map(|(t, ts)| {
            let partly = if ts.leads > 1 && ts.done > 0 {
                format!(" ({}/{} cơ quan, đơn vị đã hoàn thành)", ts.done, ts.leads)
            } else {
                String::new()
            };
            format!("{}{partly}", t.short_title(0))
        })
        .collect();
    if !running.is_empty() {
        out.push(format!(
            "{} nhiệm vụ đang được triển khai theo kế hoạch: {}.",
            pad(running.len()),
            running.join("; ")
        ));
    }
    let waiting: Vec<String> = tasks
        .iter()
        .filter(|(_, ts)| {
            ts.state == TaskState::NotStarted && !ts.overdue && ts.start_missed.is_none()
        })
        .map(|(t, _)| {
            format!(
                "{} (thời hạn: {})",
                t.short_title(0),
                t.deadline.text.trim()
            )
        })
        .collect();
    if !waiting.is_empty() {
        out.push(format!(
            "{} nhiệm vụ chưa đến thời điểm triển khai theo Kế hoạch: {}.",
            pad(waiting.len()),
            waiting.join("; ")
        ));
    }
    let late = late_items(tasks);
    if !late.is_empty() {
        out.push(format!(
            "Chậm so với thời hạn của Kế hoạch: {}.",
            late.join("; ")
        ));
    }
    out.into_iter()
        .map(|text| Block::Paragraph { text })
        .collect()
}

/// What is late among the tasks, each named with its deadline: completed late, overdue,
/// not started in time, or its plan issued late.
pub(super) fn late_items(tasks: &[(&Task, &TaskSummary)]) -> Vec<String> {
    let mut out = Vec::new();
    for (t, ts) in tasks {
        let deadline = t.deadline.text.trim();
        let title = t.short_title(0);
        if ts.state == (TaskState::Completed { on_time: false }) {
            let on = ts
                .completed_on
                .map(|d| format!(" ngày {}", date(d)))
                .unwrap_or_default();
            out.push(format!(
                "{title} hoàn thành{on}, chậm so với thời hạn ({deadline})"
            ));
        } else if ts.overdue {
            out.push(format!(
                "{title} đã quá thời hạn ({deadline}) nhưng chưa hoàn thành"
            ));
        } else if let Some(when) = &ts.start_missed {
            out.push(format!("{title} chưa triển khai theo thời hạn ({when})"));
        }
        if let Some(p) = ts.plan.as_ref().filter(|p| p.late) {
            let on = p
                .issued
                .map(|d| format!(" ngày {}", date(d)))
                .unwrap_or_default();
            // "Kế hoạch đào tạo … ban hành ngày …" when the task is the plan itself.
            let plan = if crate::text::fold(&title).starts_with("ke hoach") {
                title.clone()
            } else {
                format!("kế hoạch triển khai nhiệm vụ {}", lower_first(&title))
            };
            out.push(format!(
                "{plan} ban hành{on}, chậm so với thời hạn ({})",
                p.due_text
            ));
        }
    }
    out
}

/// The documents cited for a task by its leads (one or a few: a task every agency leads
/// is told by its count, not by forty plans), each with who issued it.
fn documents(cx: &Ctx, ts: &TaskSummary) -> Vec<(String, crate::check::evidence::Citation)> {
    if ts.leads > 3 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for l in &ts.lead_reports {
        let Some(r) = l.report.as_ref() else { continue };
        if r.evidence_disputed || r.has_error {
            continue;
        }
        for c in citations(&r.evidence) {
            if c.lacks_issuer() || (c.date.is_none() && c.needs_date()) {
                continue;
            }
            if out
                .iter()
                .any(|(_, o): &(String, crate::check::evidence::Citation)| o.number == c.number)
            {
                continue;
            }
            out.push((issuer(cx, &l.agency, &c.number), c));
        }
    }
    out
}

/// Who issued a document: "…/KH-UBND" cited by a department is the People's
/// Committee's (the department drafted it); by a district, that district's; any other
/// symbol is the citing agency's own.
fn issuer(cx: &Ctx, agency: &str, number: &str) -> String {
    let symbol = number.rsplit('/').next().unwrap_or("");
    let by = symbol.split('-').nth(1).unwrap_or("");
    let a = cx.registry.get(agency);
    if by.eq_ignore_ascii_case("UBND") {
        match a {
            Some(a) if a.kind.is_district() => a.name.clone(),
            _ => cx.config.committee(),
        }
    } else {
        match a {
            Some(a) if a.kind != AgencyKind::Other || !a.name.is_empty() => a.name.clone(),
            _ => agency.to_string(),
        }
    }
}

/// The kind of a cited document, from its words or its symbol.
fn kind_of(c: &crate::check::evidence::Citation) -> String {
    const KINDS: &[(&str, &str)] = &[
        ("KH", "Kế hoạch"),
        ("QĐ", "Quyết định"),
        ("QD", "Quyết định"),
        ("BC", "Báo cáo"),
        ("TB", "Thông báo"),
        ("HD", "Hướng dẫn"),
        ("CT", "Chỉ thị"),
        ("ĐA", "Đề án"),
        ("NQ", "Nghị quyết"),
    ];
    let lower = c.text.to_lowercase();
    if let Some(i) = lower.find(" số") {
        let words = c.text[..i].trim();
        if !words.is_empty() && words.chars().next().is_some_and(char::is_alphabetic) {
            let mut ch = words.chars();
            return ch
                .next()
                .map(|f| f.to_uppercase().chain(ch).collect())
                .unwrap_or_default();
        }
    }
    let symbol = c.number.rsplit('/').next().unwrap_or("");
    let k = symbol.split('-').next().unwrap_or("").to_uppercase();
    KINDS
        .iter()
        .find(|(s, _)| *s == k)
        .map(|(_, w)| (*w).to_string())
        .unwrap_or_else(|| "Văn bản".into())
}

/// "Kế hoạch số 27/KH-UBND ngày 21/01/2019 về kiểm tra, rà soát…": the citation and
/// what it is about, from the task's short title (its kind word dropped when it is the
/// document's: "Kế hoạch … về Kế hoạch …" is no citation).
fn cite(kind: &str, c: &crate::check::evidence::Citation, task: &Task) -> String {
    let title = task.short_title(0);
    let dated = match c.date {
        Some(d) => format!("{kind} số {} ngày {}", c.number, date(d)),
        None => format!("{kind} số {}", c.number),
    };
    let folded_title = crate::text::fold(&title);
    let folded_kind = crate::text::fold(kind);
    match folded_title.strip_prefix(&format!("{folded_kind} ")) {
        Some(_) => {
            let rest = title
                .split_whitespace()
                .skip(kind.split_whitespace().count())
                .collect::<Vec<_>>()
                .join(" ");
            format!("{dated} về {rest}")
        }
        None => format!("{dated} về {}", lower_first(&title)),
    }
}

/// "Ủy ban nhân dân thành phố đã ban hành 04 kế hoạch (…) và 01 quyết định (…)." One
/// sentence per issuer, in the order the tasks come.
fn issued_sentences(cx: &Ctx, tasks: &[(&Task, &TaskSummary)]) -> Vec<String> {
    let mut all: Vec<Issued> = Vec::new();
    for (t, ts) in tasks {
        for (issuer, c) in documents(cx, ts) {
            let kind = kind_of(&c);
            all.push(Issued {
                text: cite(&kind, &c, t),
                issuer,
                kind,
            });
        }
    }
    let mut issuers: Vec<&str> = Vec::new();
    for d in &all {
        if !issuers.contains(&d.issuer.as_str()) {
            issuers.push(&d.issuer);
        }
    }
    issuers
        .into_iter()
        .map(|who| {
            let mine: Vec<&Issued> = all.iter().filter(|d| d.issuer == who).collect();
            if mine.len() == 1 {
                return format!("{who} đã ban hành {}.", mine[0].text);
            }
            let mut kinds: Vec<&str> = Vec::new();
            for d in &mine {
                if !kinds.contains(&d.kind.as_str()) {
                    kinds.push(&d.kind);
                }
            }
            let parts: Vec<String> = kinds
                .iter()
                .map(|k| {
                    let of: Vec<&str> = mine
                        .iter()
                        .filter(|d| d.kind == *k)
                        .map(|d| d.text.as_str())
                        .collect();
                    format!("{} {} ({})", pad(of.len()), k.to_lowercase(), of.join("; "))
                })
                .collect();
            format!("{who} đã ban hành {}.", join_and(&parts))
        })
        .collect()
}

/// "a, b và c".
pub(super) fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} và {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_keep_their_capitals() {
        assert_eq!(lower_first("Kế hoạch kiểm tra"), "kế hoạch kiểm tra");
        assert_eq!(lower_first("ISO 9001:2015 cho xã"), "ISO 9001:2015 cho xã");
        assert_eq!(lower_first("UBND cấp huyện"), "UBND cấp huyện");
    }

    #[test]
    fn lists_join_with_va() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&p(&["a"])), "a");
        assert_eq!(join_and(&p(&["a", "b", "c"])), "a, b và c");
    }
}
