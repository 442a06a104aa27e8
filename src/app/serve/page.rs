//! The page: a shell rendered on the server (maud, checked at compile time) with the
//! period chooser; the tables are filled by the built-in script from the same JSON API
//! scripts call, so what the page shows is what the API says.

use super::Shared;
use crate::model::period::{Period, PeriodKind};
use axum::extract::{Query, State};
use axum::response::Html;
use maud::{DOCTYPE, PreEscaped, html};

const SCRIPT: &str = include_str!("../../../templates/web/app.js");
const STYLE: &str = include_str!("../../../templates/web/app.css");

#[derive(serde::Deserialize)]
pub(super) struct PageQuery {
    period: Option<String>,
}

/// The periods offered: the four of the configured period's year (or this year's).
fn periods(s: &Shared) -> (Period, Vec<Period>) {
    use chrono::Datelike;
    let current = s.settings.period.unwrap_or(Period {
        kind: PeriodKind::Q1,
        year: s.settings.as_of.year(),
    });
    let all = PeriodKind::ALL
        .iter()
        .map(|&kind| Period {
            kind,
            year: current.year,
        })
        .collect();
    (current, all)
}

pub(super) async fn index(State(s): State<Shared>, Query(q): Query<PageQuery>) -> Html<String> {
    let (default, all) = periods(&s);
    let period = q
        .period
        .as_deref()
        .and_then(Period::parse_id)
        .unwrap_or(default);
    let page = html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "vanban — " (period.label()) }
                style { (PreEscaped(STYLE)) }
            }
            body data-period=(period.id()) {
                header {
                    h1 { "Tổng hợp báo cáo cải cách hành chính" }
                    form method="get" action="/" {
                        label { "Kỳ báo cáo: "
                            select name="period" onchange="this.form.submit()" {
                                @for p in &all {
                                    option value=(p.id()) selected[*p == period] { (p.label()) }
                                }
                            }
                        }
                    }
                }
                main {
                    p #msg {}
                    section {
                        h2 { "1. Thêm báo cáo của các cơ quan" }
                        div #drop {
                            "Kéo thả tệp báo cáo (Excel .xlsx, .xls, .ods, .csv; nếu cơ quan gửi văn bản Word, PDF cũng nhận và ghi là gửi sai định dạng) vào đây, hoặc "
                            label for="picker" { "chọn tệp" }
                            input #picker type="file" name="file" accept=".xlsx,.xlsm,.xls,.ods,.csv,.docx,.doc,.odt,.pdf" multiple hidden;
                        }
                        ul #uploads {}
                    }
                    section {
                        h2 { "2. Tình hình gửi báo cáo" }
                        div .counts #counts {}
                        div .tools {
                            input #filter type="search" placeholder="Tìm cơ quan…";
                            select #only {
                                option value="" { "Tất cả" }
                                option value="ok" { "Đúng hạn" }
                                option value="late" { "Muộn" }
                                option value="wrong" { "Gửi sai định dạng" }
                                option value="settled" { "Đã thống nhất" }
                                option value="missing" { "Chưa nộp" }
                                option value="errors" { "Có lỗi" }
                                option value="unreadable" { "Không đọc được" }
                            }
                        }
                        table {
                            thead { tr {
                                th data-key="name" { "Cơ quan" }
                                th data-key="submitted" { "Tình trạng" }
                                th data-key="errors" { "Lỗi" }
                                th data-key="warnings" { "Cảnh báo" }
                                th { "Tệp" }
                            } }
                            tbody #agencies {}
                        }
                    }
                    section {
                        h2 { "3. Kết quả kiểm tra từng tệp" }
                        div #files {}
                    }
                    section {
                        h2 { "4. Hiệu chỉnh: quyết định của Sở về từng phát hiện" }
                        p .note { "Chấp nhận: dùng như cơ quan đã ghi. Sửa thành: dùng giá trị mới. Không tổng hợp: bỏ dòng, số liệu hoặc tệp. Các quyết định được ghi vào tệp hieu-chinh.xlsx của kỳ (mở được bằng Excel) và dùng cho lần tổng hợp sau." }
                        div #review {}
                        p {
                            button #save-review type="button" { "Lưu quyết định" }
                            " "
                            span #review-msg {}
                        }
                    }
                    section {
                        h2 { "5. Tổng hợp kỳ báo cáo" }
                        p #pending {}
                        p {
                            button #run type="button" { "Tổng hợp và lập văn bản" }
                            " "
                            progress #progress hidden {}
                        }
                        div #outputs {}
                    }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    Html(page.into_string())
}
