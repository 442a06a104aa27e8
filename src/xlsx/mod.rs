//! Workbooks vanban writes with rust_xlsxwriter: the agencies' form, the feedback copy
//! of a checked submission, and the status workbook of a period.

pub mod feedback;
pub mod form;
pub mod patch;
pub mod ranking;
pub mod review;
pub mod status;
pub mod styles;
