//! vanban: the CCHC reporting pipeline of a Vietnamese Sở Nội vụ.
//!
//! Readers turn spreadsheets into domain types ([`catalogue`], [`registry`]); rules
//! work on those; writers produce files ([`output`]). `main.rs` is a thin command-line
//! layer over this library.

pub mod aggregate;
pub mod catalogue;
pub mod cli;
pub mod deadline;
pub mod decision;
pub mod diag;
pub mod doc;
pub mod feedback;
pub mod form;
pub mod indicators;
pub mod legacy;
pub mod output;
pub mod period;
pub mod registry;
pub mod report;
pub mod run;
pub mod sample;
pub mod sheet;
pub mod submission;
pub mod text;
pub mod validate;
pub mod values;

pub use catalogue::{Catalogue, Group, Task};
pub use diag::{Diagnostic, Severity};
pub use registry::{Agency, AgencyKind, AgencyRef, Registry};
