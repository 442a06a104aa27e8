//! The outline's sentences filled with the period's values.
//!
//! A sentence is data (`inputs/de-cuong/*.toml`); `{name}` stands for a value and
//! `[…]` for a part said only when its values are known and not zero. A sentence whose
//! values are not all known is not said at all: the report never prints a blank, a
//! placeholder or "0 hồ sơ".

/// A value for a template: its text, and whether it is a zero count.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Value {
    pub text: String,
    pub zero: bool,
}

impl Value {
    pub(super) fn text(s: impl Into<String>) -> Value {
        Value {
            text: s.into(),
            zero: false,
        }
    }
}

/// Fills `template`; `None` when a value outside `[…]` is unknown (or the template is
/// malformed: an unclosed brace or bracket).
pub(super) fn fill(template: &str, value: &dyn Fn(&str) -> Option<Value>) -> Option<String> {
    let out = fill_raw(template, value)?;
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (!out.is_empty()).then_some(out)
}

/// [`fill`] without tidying the spaces: an optional part keeps its own ("tại ").
fn fill_raw(template: &str, value: &dyn Fn(&str) -> Option<Value>) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while !rest.is_empty() {
        match rest.find(['[', '{']) {
            None => {
                out.push_str(rest);
                break;
            }
            Some(i) => {
                out.push_str(&rest[..i]);
                rest = &rest[i..];
                if rest.starts_with('{') {
                    let end = rest.find('}')?;
                    let v = value(rest[1..end].trim())?;
                    out.push_str(&v.text);
                    rest = &rest[end + 1..];
                } else {
                    let end = closing_bracket(rest)?;
                    if let Some(part) = optional(&rest[1..end], value) {
                        out.push_str(&part);
                    }
                    rest = &rest[end + 1..];
                }
            }
        }
    }
    Some(out)
}

/// An optional part: filled when every value in it is known and none is a zero count.
fn optional(part: &str, value: &dyn Fn(&str) -> Option<Value>) -> Option<String> {
    let guarded = |name: &str| value(name).filter(|v| !v.zero);
    fill_raw(part, &guarded)
}

/// The index of the `]` closing the `[` at 0, nested brackets counted.
fn closing_bracket(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(name: &str) -> Option<Value> {
        match name {
            "a" => Some(Value::text("12")),
            "z" => Some(Value {
                text: "0".into(),
                zero: true,
            }),
            _ => None,
        }
    }

    #[test]
    fn values_are_filled_and_unknown_ones_drop_the_sentence() {
        assert_eq!(
            fill("Có {a} hồ sơ.", &values).as_deref(),
            Some("Có 12 hồ sơ.")
        );
        assert_eq!(fill("Có {b} hồ sơ.", &values), None);
        assert_eq!(
            fill("Không có giá trị.", &values).as_deref(),
            Some("Không có giá trị.")
        );
    }

    #[test]
    fn optional_parts_go_when_unknown_or_zero() {
        assert_eq!(
            fill(
                "Có {a} hồ sơ[, quá hạn {z}][, trực tuyến {b}][ ({a})].",
                &values
            )
            .as_deref(),
            Some("Có 12 hồ sơ (12).")
        );
        assert_eq!(
            fill("[Có {b}.] [Nested [{a}] ok.]", &values).as_deref(),
            Some("Nested 12 ok.")
        );
        assert_eq!(fill("[{b}]", &values), None);
        assert_eq!(
            fill("tại [{a} nơi ]và", &values).as_deref(),
            Some("tại 12 nơi và")
        );
    }

    #[test]
    fn malformed_templates_say_nothing() {
        assert_eq!(fill("Có {a hồ sơ", &values), None);
        assert_eq!(fill("Có [{a} hồ sơ", &values), None);
    }
}
