//! Outputs drawn from the display list (PDF, PNG) and from the model (web, plain text).

pub mod export;
pub mod pdf;
pub mod photos;
pub mod raster;
pub mod text;
pub mod web;
