//! Benchmarks of the pipeline's stages on the shipped inputs (criterion), through the
//! library's facade: `cargo bench --bench pipeline`. Numbers are reported in README,
//! never asserted.

use criterion::{Criterion, criterion_group, criterion_main};
use std::path::PathBuf;
use vanban::Workspace;
use vanban::compose::config::ReportConfig;
use vanban::doc::{Formats, Writers};
use vanban::sample::submissions::{SAMPLE_PERIOD, sample_as_of};
use vanban::workspace::Paths;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn workspace() -> Workspace {
    let paths = Paths::under(&root());
    Workspace::load(&paths, None).unwrap_or_else(|e| panic!("{e:?}"))
}

/// The `[documents]` table of the shipped vanban.toml.
fn documents() -> ReportConfig {
    let text = std::fs::read_to_string(root().join("vanban.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    table["documents"].clone().try_into().unwrap()
}

fn benches(c: &mut Criterion) {
    let ws = workspace();
    let config = documents();
    let file = root().join("inputs/bao-cao/q1-2019/SNV-q1-2019.xlsx");
    let bytes = std::fs::read(&file).unwrap();
    c.bench_function("read and check one submission", |b| {
        b.iter(|| {
            ws.check_bytes(
                "SNV.xlsx",
                bytes.clone(),
                Some(SAMPLE_PERIOD),
                sample_as_of(),
                None,
            )
        })
    });

    // The report of the shipped period.
    let (files, _) =
        vanban::read::files::collect_inputs(&[root().join("inputs/bao-cao/q1-2019")]).unwrap();
    let checked: Vec<_> = ws
        .check_files(&files, Some(SAMPLE_PERIOD), sample_as_of(), None)
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    let summary = ws.summarise(SAMPLE_PERIOD, sample_as_of(), &checked);
    let mut report = ws
        .report(&summary, &checked, &config, None)
        .unwrap()
        .document;
    // The 3-page body of the report (the landscape appendices are measured with the run).
    report.appendices.clear();
    let writer = vanban::doc::pdf::PdfWriter::new();
    c.bench_function("render report PDF (body)", |b| {
        b.iter(|| writer.render(&report).unwrap())
    });
    c.bench_function("render report DOCX (body)", |b| {
        b.iter(|| vanban::doc::docx::render(&report).unwrap())
    });
    let reminders = ws.reminders(&summary, &checked, &config);
    c.bench_function("render reminder PDF", |b| {
        b.iter(|| writer.render(&reminders[0].document).unwrap())
    });

    // The whole period in process: check, aggregate, compose, render every document
    // (what `vanban run` does, without writing files).
    let writers = Writers::new(Formats::default(), None).unwrap();
    let mut g = c.benchmark_group("run");
    g.sample_size(10);
    g.bench_function("whole period, shipped inputs", |b| {
        b.iter(|| {
            use rayon::prelude::*;
            let checked: Vec<_> = ws
                .check_files(&files, Some(SAMPLE_PERIOD), sample_as_of(), None)
                .into_iter()
                .map(|(_, c)| c)
                .collect();
            let summary = ws.summarise(SAMPLE_PERIOD, sample_as_of(), &checked);
            let mut docs = vec![
                ws.report(&summary, &checked, &config, None)
                    .unwrap()
                    .document,
            ];
            docs.extend(
                ws.reminders(&summary, &checked, &config)
                    .into_iter()
                    .map(|l| l.document),
            );
            docs.par_iter()
                .map(|d| writers.render(d).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
