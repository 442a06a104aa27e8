//! Readers: workbooks and text files into the model, as leniently as a careful clerk
//! reads them. Readers never fail on content: what they cannot make sense of becomes a
//! finding with its sheet and cell.

pub mod agencies;
pub mod catalogue;
pub mod deadline;
pub mod document;
pub mod files;
pub mod hidden;
pub mod legacy;
pub mod ods_merges;
mod pdf_text;
pub mod receipts;
pub mod review;
pub mod scores;
pub mod sheet;
pub mod spec;
pub mod submission;
pub mod values;
