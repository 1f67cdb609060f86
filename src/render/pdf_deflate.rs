//! zlib streams for the PDF: made (font subsets) and compressed on every core at once.
//!
//! Why libdeflate and not zlib: at level 6 it compresses a CJK face's glyph outlines about
//! 1.5 times as fast as zlib-rs (86 against 57 MB/s on the sample's body face) and a little
//! smaller. It only compresses whole buffers, so the unit of work is one stream: a print
//! PDF's largest stream, the body face's subset, is the longest single job, and it starts
//! first while the other core makes and compresses everything else.
//!
//! Why the subsets are cut here, as jobs, and not before: cutting the body face and then
//! compressing it is one chain, and the other faces, the pages' content and the ToUnicode
//! maps fill the other core meanwhile; cutting all faces first left one core idle.

use std::sync::Mutex;

use libdeflater::{CompressionLvl, Compressor};

/// The compression level: zlib's default, as PDF writers commonly use.
const LEVEL: i32 = 6;

/// One stream for the PDF.
pub(crate) enum Source<'a> {
    /// Bytes at hand (a page's content, a ToUnicode map).
    Ready(&'a [u8]),
    /// Bytes a job makes first (a font's subset).
    Made {
        /// A guess at the length, to start the longest first (a subset's glyph count).
        expected_len: usize,
        /// Makes the bytes; `None` if it cannot.
        make: Box<dyn FnOnce() -> Option<Vec<u8>> + Send + 'a>,
    },
}

/// One stream compressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Zlib {
    /// The zlib stream, for `/FlateDecode`.
    pub(crate) bytes: Vec<u8>,
    /// The stream's length before compression (a font file's `/Length1`).
    pub(crate) raw_len: usize,
}

/// Every source made and compressed, in the same order; `None` where making failed.
///
/// Jobs start longest first: the streams to be made (from the longest expected down), then
/// the ready ones from the longest down.
pub(crate) fn zlib_all(sources: Vec<Source<'_>>) -> Vec<Option<Zlib>> {
    let order = start_order(&sources);
    let jobs: Vec<Mutex<Option<Source<'_>>>> =
        sources.into_iter().map(|s| Mutex::new(Some(s))).collect();
    // One compressor a worker: each allocates and faults in its hash tables, a cost a
    // fresh process pays page by page.
    let compressed = crate::parallel::map_with(&order, new_compressor, |compressor, &index| {
        match take(&jobs[index])? {
            Source::Ready(data) => Some(compress(compressor, data)),
            Source::Made { make, .. } => make().map(|data| compress(compressor, &data)),
        }
    });
    let mut in_order: Vec<Option<Zlib>> = jobs.iter().map(|_| None).collect();
    for (index, zlib) in order.into_iter().zip(compressed) {
        in_order[index] = zlib;
    }
    in_order
}

/// The sources' indices in the order their jobs start.
fn start_order(sources: &[Source<'_>]) -> Vec<usize> {
    let mut order: Vec<(bool, usize, usize)> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| match s {
            Source::Made { expected_len, .. } => (false, *expected_len, i),
            Source::Ready(data) => (true, data.len(), i),
        })
        .collect();
    order.sort_by_key(|&(ready, len, i)| (ready, std::cmp::Reverse(len), i));
    order.into_iter().map(|(_, _, i)| i).collect()
}

/// Takes a job's source out of its slot (each slot is taken once).
fn take<'a>(slot: &Mutex<Option<Source<'a>>>) -> Option<Source<'a>> {
    slot.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take()
}

fn new_compressor() -> Compressor {
    // LEVEL is within libdeflate's 0..=12, so the fallback is never taken.
    Compressor::new(CompressionLvl::new(LEVEL).unwrap_or_default())
}

/// `data` as a zlib stream.
fn compress(compressor: &mut Compressor, data: &[u8]) -> Zlib {
    let mut bytes = vec![0; compressor.zlib_compress_bound(data.len())];
    // The buffer is as large as libdeflate's bound for this input, so it cannot run out.
    let written = compressor.zlib_compress(data, &mut bytes).unwrap_or(0);
    bytes.truncate(written);
    Zlib {
        bytes,
        raw_len: data.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn inflate(zlib: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(zlib)
            .read_to_end(&mut out)
            .expect("valid zlib");
        out
    }

    /// Text-like bytes: repetitive enough to compress, varied enough to need the window.
    fn sample_bytes(len: usize, seed: u32) -> Vec<u8> {
        let mut x = seed.wrapping_mul(2_654_435_761).max(1);
        (0..len)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                if i % 7 == 0 {
                    (x % 251) as u8
                } else {
                    b"newspaper"[i % 9]
                }
            })
            .collect()
    }

    #[test]
    fn every_stream_inflates_to_its_input_in_the_order_given() {
        let lengths = [0, 1, 100, 65_535, 300_001, 7];
        let data: Vec<Vec<u8>> = lengths
            .iter()
            .enumerate()
            .map(|(i, &len)| sample_bytes(len, i as u32 + 1))
            .collect();
        let sources = data.iter().map(|d| Source::Ready(d.as_slice())).collect();
        let zlib = zlib_all(sources);
        assert_eq!(zlib.len(), data.len());
        for (compressed, original) in zlib.iter().zip(&data) {
            let compressed = compressed.as_ref().expect("ready streams always compress");
            assert_eq!(&inflate(&compressed.bytes), original);
            assert_eq!(compressed.raw_len, original.len());
        }
    }

    #[test]
    fn made_streams_are_made_once_and_a_failed_one_is_none() {
        let made = sample_bytes(200_000, 3);
        let calls = AtomicUsize::new(0);
        let ready = sample_bytes(5_000, 4);
        let sources = vec![
            Source::Ready(&ready),
            Source::Made {
                expected_len: 1,
                make: Box::new(|| {
                    calls.fetch_add(1, Ordering::Relaxed);
                    Some(made.clone())
                }),
            },
            Source::Made {
                expected_len: 1,
                make: Box::new(|| None),
            },
        ];
        let zlib = zlib_all(sources);
        assert_eq!(calls.load(Ordering::Relaxed), 1);
        let first = zlib[0].as_ref().expect("ready");
        assert_eq!(inflate(&first.bytes), ready);
        let second = zlib[1].as_ref().expect("made");
        assert_eq!(inflate(&second.bytes), made);
        assert_eq!(second.raw_len, made.len());
        assert_eq!(zlib[2], None);
    }

    #[test]
    fn streams_to_make_start_first_then_the_longest_ready_ones() {
        let (short, long) = (vec![1u8; 10], vec![2u8; 1000]);
        let made = |expected_len| Source::Made {
            expected_len,
            make: Box::new(|| Some(Vec::new())),
        };
        let sources = vec![
            Source::Ready(&short),
            made(5),
            Source::Ready(&long),
            made(900),
        ];
        assert_eq!(start_order(&sources), vec![3, 1, 2, 0]);
    }

    #[test]
    fn compresses_glyph_outlines_at_least_as_well_as_zlib_at_the_same_level() {
        // What a print PDF mostly compresses: 300 KB of the body face's outlines.
        let fonts = crate::fonts::FontSet::shared().expect("bundled fonts");
        let face = fonts.bytes(crate::fonts::Face::SongRegular).as_slice();
        let middle = face.len() / 2;
        let data = &face[middle..middle + 300_000];
        let ours = zlib_all(vec![Source::Ready(data)])
            .remove(0)
            .expect("ready");
        let mut zlib = flate2::write::ZlibEncoder::new(
            Vec::new(),
            flate2::Compression::new(LEVEL.unsigned_abs()),
        );
        std::io::Write::write_all(&mut zlib, data).expect("in memory");
        let zlib = zlib.finish().expect("in memory");
        assert!(
            ours.bytes.len() <= zlib.len(),
            "{} vs {}",
            ours.bytes.len(),
            zlib.len()
        );
    }
}
