//! Outputs drawn from the display list (PDF, PNG) and from the model (web, plain text).

pub mod export;
pub mod pdf;
mod pdf_deflate;
mod pdf_fonts;
mod pdf_images;
mod pdf_paint;
pub mod photos;
pub mod raster;
pub mod text;
pub mod web;
