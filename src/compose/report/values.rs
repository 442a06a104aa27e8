//! The values the outline's sentences may name (`{committee}`, `{tthc_received}`,
//! `{tthc_on_time_rate.verdict}`, `{tthc_online/tthc_received}`…), all computed in
//! [`crate::aggregate`] and only worded here.

use super::Ctx;
use super::narrative::pad;
use super::template::Value;
use crate::compose::vi::format_percent;
use crate::compose::words::{data_window_words, next_period_words, tasks_phrase, verdict};
use crate::text::format_count;

impl Ctx<'_> {
    /// The value of a name in the outline's sentences; `None` when unknown.
    pub(super) fn value(&self, name: &str) -> Option<Value> {
        let s = self.s;
        let text = |t: String| Some(Value::text(t));
        match name {
            "committee" => return text(self.config.committee()),
            "issuer" => return text(self.config.city.name.clone()),
            "plan" => return text(self.config.plan_reference.clone()),
            "period" => return text(self.pw.clone()),
            "window" => {
                return text(
                    data_window_words(s)
                        .map(|w| format!(" ({w})"))
                        .unwrap_or_default(),
                );
            }
            "districts" => {
                let w = self.registry.district_words();
                return (!w.is_empty()).then(|| Value::text(w));
            }
            "tasks" => return text(tasks_phrase(&self.cat.tasks)),
            "groups" => return text(pad(self.cat.groups.len())),
            "progress" => return self.progress().map(Value::text),
            "next_period" => return text(next_period_words(s)),
            "next_year" => return text(format!("năm {}", s.period.year + 1)),
            "figures_base" => {
                if s.figures.is_empty() {
                    return None;
                }
                return text(format!(
                    "tính trên {}/{} cơ quan, đơn vị có số liệu{}",
                    s.figures.len(),
                    s.agencies.len(),
                    if s.cumulative {
                        ", số liệu lũy kế"
                    } else {
                        ""
                    }
                ));
            }
            _ => {}
        }
        if let Some((num, den)) = name.split_once('/') {
            let (n, d) = (self.sum(num)?, self.sum(den)?);
            return (d > 0).then(|| Value {
                text: format_percent(n as f64 / d as f64),
                zero: n == 0,
            });
        }
        let (code, field) = name.split_once('.').unwrap_or((name, ""));
        if let Some(t) = s.targets.iter().find(|t| t.code == code) {
            let count = |n: u64| Value {
                text: format_count(n),
                zero: n == 0,
            };
            return match field {
                "" => t.value.map(|v| Value::text(format_percent(v))),
                "numerator" => t.value.map(|_| count(t.numerator)),
                "denominator" => t.value.map(|_| count(t.denominator)),
                "agencies" => t.value.map(|_| Value::text(t.agencies.to_string())),
                "min" if t.min >= 1.0 => text("100%".into()),
                "min" => text(format_percent(t.min)),
                "verdict" => t.value.map(|_| Value::text(verdict(t, s.period.kind))),
                _ => None,
            };
        }
        if field.is_empty() {
            return self.sum(code).map(|n| Value {
                text: format_count(n),
                zero: n == 0,
            });
        }
        None
    }

    /// The total of one indicator, or of several joined by `+`; unknown when any is.
    fn sum(&self, codes: &str) -> Option<u64> {
        codes
            .split('+')
            .map(|c| self.s.totals.get(c.trim()).copied())
            .sum()
    }

    /// "đã hoàn thành 02/39 nội dung của Kế hoạch (01 đúng tiến độ, 01 chậm so với thời
    /// hạn); 29 nội dung đang triển khai": no zero, no task not reported.
    fn progress(&self) -> Option<String> {
        let c = &self.s.all;
        let unit = crate::compose::words::item_word(&self.cat.tasks);
        let mut parts = Vec::new();
        if c.completed() > 0 {
            let mut of = Vec::new();
            if c.completed_on_time > 0 {
                of.push(format!("{} {unit} đúng tiến độ", pad(c.completed_on_time)));
            }
            if c.completed_late > 0 {
                of.push(format!(
                    "{} {unit} chậm so với thời hạn",
                    pad(c.completed_late)
                ));
            }
            parts.push(format!(
                "đã hoàn thành {}/{} {unit} của Kế hoạch ({})",
                pad(c.completed()),
                pad(c.total),
                of.join(", ")
            ));
        }
        if c.in_progress > 0 {
            parts.push(format!(
                "{} {unit} đang triển khai theo kế hoạch",
                pad(c.in_progress)
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}
