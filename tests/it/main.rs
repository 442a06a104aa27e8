//! The integration tests, one crate (as ripgrep does) so that the binary's heavy
//! dependencies — Typst above all — are linked once for all of them.

mod app;
mod catalogue;
mod chi_so;
mod clerk;
#[allow(dead_code)]
mod common;
mod documents;
mod filing;
mod issuing;
mod leader;
mod limits;
mod outline;
mod producers;
mod properties;
mod registry;
mod report;
mod review;
mod run;
mod serve;
mod submissions;
mod visual;
mod webdriver;
