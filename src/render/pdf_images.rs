//! Photos in the PDF: a JPEG goes in as it is, anything else as decoded pixels.

use std::sync::Arc;

use pdf_writer::{Filter, Finish, Name, Pdf, Ref};

use crate::render::photos::{EXPORT_PHOTO_PX, Photos};
use crate::store::photo::{DecodedPhoto, MAX_PHOTO_FILE_BYTES};

/// JPEG quality used when a photo has to be re-encoded (too large, or not a JPEG).
const REENCODE_JPEG_QUALITY: u8 = 90;

/// A photo as the PDF embeds it.
pub(super) enum PdfImage {
    /// A JPEG file as it is (`/DCTDecode`).
    Jpeg {
        bytes: Vec<u8>,
        width_px: u32,
        height_px: u32,
        /// 1 (grey), 3 (colour) or 4 (CMYK, as prepress delivers print photos).
        components: u8,
        /// CMYK stored inverted, as Adobe's software writes it (an `Adobe` APP14 segment).
        inverted: bool,
    },
    /// Decoded pixels with transparency: RGB plus an alpha soft mask, both deflated.
    Pixels {
        rgb: Vec<u8>,
        alpha: Vec<u8>,
        width_px: u32,
        height_px: u32,
    },
}

impl PdfImage {
    pub(super) fn size_px(&self) -> (u32, u32) {
        match self {
            PdfImage::Jpeg {
                width_px,
                height_px,
                ..
            }
            | PdfImage::Pixels {
                width_px,
                height_px,
                ..
            } => (*width_px, *height_px),
        }
    }
}

/// A photo as a PDF image: the JPEG file itself when it is a JPEG of sensible size,
/// otherwise the decoded pixels (re-encoded as JPEG when opaque).
pub(super) fn load_image(photos: &mut Photos, relative: &str) -> Result<PdfImage, String> {
    // The header is checked as the preview's decoder would (size, format, limits), so a
    // photo the preview cannot open is a stand-in here too; a JPEG then goes in as it is,
    // without decoding its pixels.
    let header_px = photos.header(relative).map_err(|e| e.to_string())?;
    if let Some(image) = jpeg_passthrough(photos, relative, header_px) {
        return Ok(image);
    }
    let decoded = photos.get(relative).map_err(|e| e.to_string())?;
    image_from_pixels(&decoded)
}

/// The photo's own JPEG bytes, when it is a grey, RGB or CMYK JPEG no larger than exports
/// need.
fn jpeg_passthrough(photos: &Photos, relative: &str, header_px: (u32, u32)) -> Option<PdfImage> {
    let file = photos.resolve(relative).ok()?;
    let size = std::fs::metadata(&file).ok()?.len();
    if size > MAX_PHOTO_FILE_BYTES {
        return None;
    }
    let bytes = std::fs::read(&file).ok()?;
    let frame = jpeg_frame(&bytes)?;
    // Larger ones are shrunk by decoding, as the preview and the page images show them.
    let within_limit =
        frame.width_px.max(frame.height_px) <= EXPORT_PHOTO_PX.min(photos.max_side_px());
    // The frame says the same size as the header check did.
    let same_pixels = (frame.width_px, frame.height_px) == header_px;
    let plain = matches!(frame.components, 1 | 3 | 4);
    (within_limit && same_pixels && plain).then_some(PdfImage::Jpeg {
        bytes,
        width_px: frame.width_px,
        height_px: frame.height_px,
        components: frame.components,
        inverted: frame.components == 4 && frame.adobe,
    })
}

/// What a JPEG's frame header says.
struct JpegFrame {
    width_px: u32,
    height_px: u32,
    components: u8,
    /// An `Adobe` APP14 segment came before the frame: its CMYK is stored inverted.
    adobe: bool,
}

/// Reads the frame header (SOFn) of a JPEG file, walking its marker segments; `None` for
/// a file that is not a JPEG every PDF reader can show as it is.
fn jpeg_frame(bytes: &[u8]) -> Option<JpegFrame> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    let mut adobe = false;
    loop {
        // Markers may be padded with any number of 0xFF bytes.
        while *bytes.get(at)? == 0xFF && *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        let length = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            let segment = bytes.get(at + 4..at + 2 + length)?;
            // Baseline or progressive Huffman coding at 8 bits is what every PDF reader
            // decodes; others (12-bit, arithmetic coding, lossless) are decoded and
            // re-encoded instead.
            if !matches!(marker, 0xC0..=0xC2) || *segment.first()? != 8 {
                return None;
            }
            return Some(JpegFrame {
                height_px: u32::from(u16::from_be_bytes([*segment.get(1)?, *segment.get(2)?])),
                width_px: u32::from(u16::from_be_bytes([*segment.get(3)?, *segment.get(4)?])),
                components: *segment.get(5)?,
                adobe,
            });
        }
        if marker == 0xEE && bytes.get(at + 4..at + 9) == Some(b"Adobe".as_slice()) {
            adobe = true;
        }
        if marker == 0xDA || length < 2 {
            return None;
        }
        at += 2 + length;
    }
}

fn image_from_pixels(decoded: &DecodedPhoto) -> Result<PdfImage, String> {
    let rgb: Vec<u8> = decoded
        .rgba
        .chunks_exact(4)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    let opaque = decoded.rgba.chunks_exact(4).all(|px| px[3] == 255);
    if !opaque {
        return Ok(PdfImage::Pixels {
            rgb,
            alpha: decoded.rgba.chunks_exact(4).map(|px| px[3]).collect(),
            width_px: decoded.width_px,
            height_px: decoded.height_px,
        });
    }
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, REENCODE_JPEG_QUALITY)
        .encode(
            &rgb,
            decoded.width_px,
            decoded.height_px,
            image::ExtendedColorType::Rgb8,
        )
        .map_err(|e| e.to_string())?;
    Ok(PdfImage::Jpeg {
        bytes: jpeg,
        width_px: decoded.width_px,
        height_px: decoded.height_px,
        components: 3,
        inverted: false,
    })
}

/// The image objects; `pixels` holds the deflated RGB and alpha of each pixel image, in
/// order.
pub(super) fn write_images(
    pdf: &mut Pdf,
    images: &[Arc<PdfImage>],
    refs: &[(Ref, Ref)],
    pixels: &[Vec<u8>],
) {
    let mut pixels = pixels.iter();
    for (image, &(image_ref, mask_ref)) in images.iter().zip(refs) {
        let (width, height) = image.size_px();
        let (width, height) = (
            i32::try_from(width).unwrap_or(1),
            i32::try_from(height).unwrap_or(1),
        );
        match image.as_ref() {
            PdfImage::Jpeg {
                bytes,
                components,
                inverted,
                ..
            } => {
                let mut xobject = pdf.image_xobject(image_ref, bytes);
                xobject.filter(Filter::DctDecode);
                xobject.width(width).height(height).bits_per_component(8);
                xobject.color_space_name(Name(match components {
                    1 => b"DeviceGray",
                    4 => b"DeviceCMYK",
                    _ => b"DeviceRGB",
                }));
                if *inverted {
                    xobject.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
                }
            }
            PdfImage::Pixels { .. } => {
                let (Some(rgb), Some(alpha)) = (pixels.next(), pixels.next()) else {
                    continue;
                };
                let mut xobject = pdf.image_xobject(image_ref, rgb);
                xobject.filter(Filter::FlateDecode);
                xobject.width(width).height(height).bits_per_component(8);
                xobject.color_space_name(Name(b"DeviceRGB"));
                xobject.s_mask(mask_ref);
                xobject.finish();
                let mut mask = pdf.image_xobject(mask_ref, alpha);
                mask.filter(Filter::FlateDecode);
                mask.width(width).height(height).bits_per_component(8);
                mask.color_space_name(Name(b"DeviceGray"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(colour: image::ExtendedColorType, width: u32, height: u32) -> Vec<u8> {
        let channels = match colour {
            image::ExtendedColorType::L8 => 1,
            _ => 3,
        };
        let pixels = vec![128u8; (width * height) as usize * channels];
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 80)
            .encode(&pixels, width, height, colour)
            .expect("in memory");
        bytes
    }

    #[test]
    fn jpeg_frames_give_size_and_components() {
        let grey = jpeg_frame(&jpeg(image::ExtendedColorType::L8, 40, 30)).expect("frame");
        assert_eq!(
            (grey.width_px, grey.height_px, grey.components),
            (40, 30, 1)
        );
        let colour = jpeg_frame(&jpeg(image::ExtendedColorType::Rgb8, 7, 300)).expect("frame");
        assert_eq!(
            (colour.width_px, colour.height_px, colour.components),
            (7, 300, 3)
        );
        let mut cut = jpeg(image::ExtendedColorType::Rgb8, 7, 3);
        cut.truncate(20);
        assert!(jpeg_frame(&cut).is_none());
        assert!(jpeg_frame(b"\x89PNG\r\n").is_none());
        // CMYK (four components) passes through; an Adobe APP14 segment marks it inverted.
        let mut cmyk = jpeg(image::ExtendedColorType::Rgb8, 8, 8);
        let sof = cmyk
            .windows(2)
            .position(|w| w == [0xFF, 0xC0])
            .expect("a baseline frame");
        cmyk[sof + 9] = 4;
        let plain = jpeg_frame(&cmyk).expect("frame");
        assert_eq!((plain.components, plain.adobe), (4, false));
        let app14 = [
            0xFF, 0xEE, 0x00, 0x0E, b'A', b'd', b'o', b'b', b'e', 0x00, 0x64, 0x00, 0x00, 0x00,
            0x00, 0x02,
        ];
        cmyk.splice(2..2, app14);
        let adobe = jpeg_frame(&cmyk).expect("frame");
        assert_eq!((adobe.components, adobe.adobe), (4, true));
        // Arithmetic coding (SOF9) and 12-bit samples are not passed through.
        let baseline = jpeg(image::ExtendedColorType::Rgb8, 8, 8);
        let sof = baseline
            .windows(2)
            .position(|w| w == [0xFF, 0xC0])
            .expect("a baseline frame");
        let mut arithmetic = baseline.clone();
        arithmetic[sof + 1] = 0xC9;
        assert!(jpeg_frame(&arithmetic).is_none());
        let mut twelve_bit = baseline;
        twelve_bit[sof + 4] = 12;
        assert!(jpeg_frame(&twelve_bit).is_none());
        assert!(jpeg_frame(&[0xFF, 0xD8, 0xFF]).is_none());
    }
}
