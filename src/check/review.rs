//! The Sở's decisions applied to the checked files, in one place between checking and
//! aggregating: every composer then sees reviewed facts and none re-reads cells.
//!
//! A settled finding blocks nothing: it becomes a note (`settled` names the decision)
//! and its row, figure or file is used as decided — as written ("Chấp nhận"), with the
//! value given ("Sửa thành"), or left out ("Không tổng hợp").

use super::{Checked, FileStatus};
use crate::model::finding::{Code, Severity};
use crate::model::review::{Decision, Review, finding_id};
use crate::model::status::Status;
use crate::read::sheet::Value;
use crate::read::values::{parse_count, parse_date_text, parse_status};

/// Applies the decisions that name findings of these files. Returns, per file, how
/// many of its findings were settled.
pub fn apply(review: &Review, checked: &mut [Checked]) -> Vec<usize> {
    checked.iter_mut().map(|c| apply_one(review, c)).collect()
}

fn apply_one(review: &Review, c: &mut Checked) -> usize {
    if review.is_empty() {
        return 0;
    }
    let mut settled = 0;
    for i in 0..c.diagnostics.len() {
        let d = &c.diagnostics[i];
        let interpreted = d.code == Code::FigureInterpreted;
        if (d.severity == Severity::Info && !interpreted) || d.settled.is_some() {
            continue;
        }
        let id = finding_id(c.agency.as_deref(), c.sha256.as_deref(), d);
        let Some(entry) = review.get(&id) else {
            continue;
        };
        let (code, task, indicator) = (d.code, d.task.clone(), d.indicator.clone());
        match &entry.decision {
            Decision::Accept => accept(c, code, task.as_deref(), indicator.as_deref()),
            Decision::Replace(v) => replace(c, code, task.as_deref(), indicator.as_deref(), v),
            Decision::Exclude => exclude(c, task.as_deref(), indicator.as_deref()),
        }
        let d = &mut c.diagnostics[i];
        d.severity = Severity::Info;
        d.settled = Some(entry.decision.code().into());
        let how = match &entry.decision {
            Decision::Replace(v) => format!("{} “{v}”", entry.decision.label()),
            other => other.label().to_string(),
        };
        let why = if entry.reason.trim().is_empty() {
            String::new()
        } else {
            format!(": {}", entry.reason.trim())
        };
        d.hint = Some(format!("Sở Nội vụ đã thống nhất — {how}{why}").into());
        settled += 1;
    }
    if settled > 0 {
        rows_without_errors(c);
        c.status = status_of(c);
    }
    settled
}

/// "Chấp nhận": the value stands as the agency wrote it.
fn accept(c: &mut Checked, code: Code, task: Option<&str>, indicator: Option<&str>) {
    match code {
        // "Hoàn thành" accepted: the task is done as reported.
        Code::StatusPlanOnly => {
            if let Some(t) = task.and_then(|t| c.tasks.iter_mut().find(|r| r.code == t)) {
                t.status = Some(Status::Done);
            }
        }
        Code::EvidenceDuplicate => {
            if let Some(t) = task.and_then(|t| c.tasks.iter_mut().find(|r| r.code == t)) {
                t.evidence_disputed = false;
            }
        }
        // The figures of a broken check come back as read.
        Code::FigureInconsistent => {
            for (k, v) in c.figures_read.clone() {
                c.figures.entry(k).or_insert(v);
            }
        }
        _ => {
            let _ = indicator;
        }
    }
}

/// "Sửa thành": the value given replaces the cell's.
fn replace(c: &mut Checked, code: Code, task: Option<&str>, indicator: Option<&str>, v: &str) {
    if let Some(ind) = indicator {
        if let Ok(Some(n)) = parse_count(&Value::Text(v.into())) {
            c.figures.insert(ind.to_string(), n);
            c.figures_read.insert(ind.to_string(), n);
        }
        return;
    }
    let Some(t) = task.and_then(|t| c.tasks.iter_mut().find(|r| r.code == t)) else {
        return;
    };
    match code {
        Code::DateInvalid | Code::DateMissing | Code::DateFuture | Code::DateLate => {
            if let Ok(d) = parse_date_text(v) {
                t.completed = Some(d);
            }
        }
        Code::EvidenceMissing | Code::EvidenceIncomplete | Code::EvidenceDuplicate => {
            t.evidence = v.to_string();
            t.evidence_disputed = false;
        }
        _ => {
            if let Some(s) = parse_status(v) {
                t.status = Some(s);
            }
        }
    }
}

/// "Không tổng hợp": the row, the figure, or the whole file left out.
fn exclude(c: &mut Checked, task: Option<&str>, indicator: Option<&str>) {
    match (task, indicator) {
        (Some(t), _) => c.tasks.retain(|r| r.code != t),
        (None, Some(i)) => {
            c.figures.remove(i);
        }
        (None, None) => {
            c.tasks.clear();
            c.figures.clear();
        }
    }
}

/// A row whose errors are all settled is used again.
fn rows_without_errors(c: &mut Checked) {
    for t in &mut c.tasks {
        if !t.has_error {
            continue;
        }
        let cells = [&t.status_cell, &t.date_cell, &t.evidence_cell];
        t.has_error = c.diagnostics.iter().any(|d| {
            d.is_error()
                && (d.task.as_deref() == Some(t.code.as_str())
                    || d.sheet.as_deref() == Some(t.sheet.as_str())
                        && d.cell
                            .as_ref()
                            .is_some_and(|x| cells.contains(&&x.to_string())))
        });
    }
}

fn status_of(c: &Checked) -> FileStatus {
    if c.status == FileStatus::Unreadable {
        FileStatus::Unreadable
    } else if c.diagnostics.iter().any(|d| d.is_error()) {
        FileStatus::Errors
    } else if c.diagnostics.iter().any(|d| d.is_warning()) {
        FileStatus::Warnings
    } else {
        FileStatus::Ok
    }
}
