//! Benchmarks of the pipeline's steps on the shipped inputs (criterion):
//! `cargo bench --bench pipeline`. Numbers are reported in README, never asserted.

use criterion::{Criterion, criterion_group, criterion_main};
use std::path::PathBuf;
use vanban::cli::{DataPaths, Reference};
use vanban::sample::submissions::{SAMPLE_PERIOD, sample_as_of};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn reference() -> Reference {
    let d = DataPaths::default();
    let paths = DataPaths {
        catalogue: root().join(d.catalogue),
        registry: root().join(d.registry),
        indicators: root().join(d.indicators),
        calendar: root().join(d.calendar),
    };
    Reference::load(&paths, None).unwrap_or_else(|e| panic!("{e:?}"))
}

fn benches(c: &mut Criterion) {
    let r = reference();
    let file = root().join("inputs/bao-cao/q1-2019/SNV-q1-2019.xlsx");
    let bytes = std::fs::read(&file).unwrap();
    let opts = vanban::submission::ReadOptions {
        period: Some(SAMPLE_PERIOD),
        ..Default::default()
    };
    let ctx = vanban::validate::Context {
        catalogue: &r.catalogue,
        registry: &r.registry,
        indicators: &r.indicators,
        period: Some(SAMPLE_PERIOD),
        as_of: sample_as_of(),
    };
    c.bench_function("read one submission", |b| {
        b.iter(|| {
            vanban::submission::Submission::from_bytes(
                "SNV.xlsx",
                bytes.clone(),
                &r.registry,
                &opts,
            )
        })
    });
    let sub =
        vanban::submission::Submission::from_bytes("SNV.xlsx", bytes.clone(), &r.registry, &opts);
    c.bench_function("validate one submission", |b| {
        b.iter(|| vanban::validate::validate(&sub, &ctx))
    });

    // The report of the shipped period.
    let (files, _) = vanban::cli::collect_inputs(&[root().join("inputs/bao-cao/q1-2019")]).unwrap();
    let checked: Vec<_> =
        vanban::cli::check_files(&files, &r, Some(SAMPLE_PERIOD), sample_as_of(), None)
            .into_iter()
            .map(|(_, c)| c)
            .collect();
    let summary = vanban::aggregate::summarise(
        &r.catalogue,
        &r.registry,
        &r.indicators,
        &r.calendar,
        SAMPLE_PERIOD,
        sample_as_of(),
        &checked,
    );
    let config = vanban::report::ReportConfig::default();
    let mut report = vanban::report::report_document(
        &summary,
        &r.catalogue,
        &r.registry,
        &r.indicators,
        &checked,
        &config,
        None,
    );
    // The 3-page body of the report (the landscape appendices are measured with the run).
    report.appendices.clear();
    let writer = vanban::doc::pdf::PdfWriter::new();
    c.bench_function("render report PDF (body)", |b| {
        b.iter(|| writer.render(&report, false).unwrap())
    });
    c.bench_function("render report DOCX (body)", |b| {
        b.iter(|| vanban::doc::docx::render(&report).unwrap())
    });
    let a = summary
        .agencies
        .iter()
        .find(|a| a.needs_reminder())
        .unwrap();
    let reminder =
        vanban::report::reminder_document(&summary, a, None, &r.catalogue, &r.calendar, &config);
    c.bench_function("render reminder PDF", |b| {
        b.iter(|| writer.render(&reminder, false).unwrap())
    });

    // A whole run on the shipped inputs, in process.
    let out = std::env::temp_dir().join(format!("vanban-bench-{}", std::process::id()));
    let opts = vanban::run::RunOptions {
        data: DataPaths {
            catalogue: root().join("inputs/danh-muc-2019.xlsx"),
            registry: root().join("inputs/co-quan.toml"),
            indicators: root().join("inputs/chi-tieu.toml"),
            calendar: root().join("inputs/ky-bao-cao.toml"),
        },
        submissions: root().join("inputs/bao-cao"),
        decisions: vec![root().join("inputs/quyet-dinh/qd-3472-2018.toml")],
        period: SAMPLE_PERIOD,
        as_of: sample_as_of(),
        output_root: out.clone(),
        formats: vanban::cli::DocFormats {
            docx: true,
            pdf: true,
        },
        font_dir: None,
        report_number: None,
        documents: config.clone(),
        limits: Default::default(),
        progress: false,
    };
    let mut g = c.benchmark_group("run");
    g.sample_size(10);
    g.bench_function("whole run, shipped inputs", |b| {
        b.iter(|| vanban::run::run(&opts).unwrap())
    });
    g.finish();
    let _ = std::fs::remove_dir_all(out);
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
