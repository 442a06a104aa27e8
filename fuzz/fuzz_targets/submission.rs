//! Bytes → workbook → submission → findings: never a panic, whatever the bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vanban::cli::{DataPaths, Reference};

fn reference() -> &'static Reference {
    static R: OnceLock<Reference> = OnceLock::new();
    R.get_or_init(|| {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let d = DataPaths::default();
        Reference::load(
            &DataPaths {
                catalogue: root.join(d.catalogue),
                registry: root.join(d.registry),
                indicators: root.join(d.indicators),
                calendar: root.join(d.calendar),
            },
            None,
        )
        .unwrap_or_else(|e| panic!("{e:?}"))
    })
}

/// Panics inside calamine are caught by vanban (`catch_unwind`, reported as
/// `file.unreadable`); keep them from aborting the fuzzer, as in the vanban binary. A
/// panic anywhere else still escapes the target and is a crash.
fn quiet_calamine_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| l.file().contains("/calamine-")) {
                hook(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    quiet_calamine_panics();
    let r = reference();
    let period = vanban::period::Period::parse_id("q1-2019");
    let opts = vanban::submission::ReadOptions { period, ..Default::default() };
    let sub = vanban::submission::Submission::from_bytes("fuzz.xlsx", data.to_vec(), &r.registry, &opts);
    let ctx = vanban::validate::Context {
        catalogue: &r.catalogue,
        registry: &r.registry,
        indicators: &r.indicators,
        period,
        as_of: chrono_date(),
    };
    let checked = vanban::validate::validate(&sub, &ctx);
    let _ = vanban::feedback::feedback_workbook(&checked, sub.workbook.as_ref(), None);
});

fn chrono_date() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2019, 3, 6).unwrap()
}
