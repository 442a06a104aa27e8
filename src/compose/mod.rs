//! Composers: a summary, a checked submission or a decision spec turned into documents
//! of the [`crate::doc`] model. Composers choose words and roles (heading, paragraph,
//! table); they never hold point sizes, widths or spacing — those live in
//! [`crate::doc::style`].

pub mod chi_so;

pub mod config;
pub mod decision;
pub mod findings;
pub mod period;
pub mod reminder;
pub mod report;
pub mod to_trinh;
pub mod vi;
pub mod words;
