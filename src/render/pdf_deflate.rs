//! zlib streams for the PDF, compressed in pieces on every core at once.
//!
//! Why not one `ZlibEncoder` per stream: a print PDF's largest stream is the body face's
//! subset (about 290 KB for the sample), and zlib at level 6 compresses it at about
//! 50 MB/s, one core only: the longest single step of an export. Each stream is cut into
//! pieces that compress at once, as pigz does: every piece is a raw deflate stream that
//! starts with the previous 32 KB as its dictionary (so matches still reach back across the
//! cut, and the output is the size one encoder gives) and ends on a byte boundary (a sync
//! flush, or the final block for the last piece), so the pieces join into one valid zlib
//! stream behind the usual header and the whole stream's Adler-32 checksum.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use flate2::{Compress, Compression, FlushCompress, Status};

/// The compression level: zlib's default, as PDF writers commonly use.
const LEVEL: u32 = 6;
/// zlib header for deflate with a 32 KB window at the default level (RFC 1950).
const ZLIB_HEADER: [u8; 2] = [0x78, 0x9C];
/// Bytes per piece. Smaller pieces share the work out more evenly; each starts a new
/// deflate block, which costs a few bytes.
const PIECE_BYTES: usize = 64 * 1024;
/// deflate's window: how far back a piece's dictionary reaches.
const WINDOW_BYTES: usize = 32 * 1024;

/// One piece of one stream.
struct Piece {
    stream: usize,
    start: usize,
    end: usize,
}

/// Every stream in `streams` as a zlib stream (for `/FlateDecode`), in the same order.
pub(crate) fn zlib_all(streams: &[&[u8]]) -> Vec<Vec<u8>> {
    let pieces = pieces(streams);
    let compressed: Vec<Mutex<Vec<u8>>> = pieces.iter().map(|_| Mutex::default()).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        // One encoder a worker, reset between pieces: a new one allocates and faults in
        // some 300 KB of tables, a cost a fresh process pays page by page.
        let mut compress = Compress::new(Compression::new(LEVEL), false);
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(piece) = pieces.get(index) else {
                break;
            };
            compress.reset();
            let out = compress_piece(&mut compress, streams[piece.stream], piece.start, piece.end);
            *compressed[index]
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = out;
        }
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(pieces.len())
        .max(1);
    std::thread::scope(|scope| {
        for _ in 1..workers {
            scope.spawn(work);
        }
        work();
    });
    let mut out: Vec<Vec<u8>> = streams
        .iter()
        .map(|data| {
            let mut zlib = Vec::with_capacity(data.len() / 2 + 16);
            zlib.extend_from_slice(&ZLIB_HEADER);
            zlib
        })
        .collect();
    for (piece, bytes) in pieces.iter().zip(compressed) {
        let bytes = bytes
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        out[piece.stream].extend_from_slice(&bytes);
    }
    for (zlib, data) in out.iter_mut().zip(streams) {
        zlib.extend_from_slice(&adler32(data).to_be_bytes());
    }
    out
}

/// The pieces of every stream, in order; an empty stream is one empty piece.
fn pieces(streams: &[&[u8]]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for (stream, data) in streams.iter().enumerate() {
        let mut start = 0;
        loop {
            let end = (start + PIECE_BYTES).min(data.len());
            pieces.push(Piece { stream, start, end });
            if end == data.len() {
                break;
            }
            start = end;
        }
    }
    pieces
}

/// `data[start..end]` as raw deflate (with `compress`, fresh or reset) primed with the 32 KB before `start`, ending with
/// the final block when `end` is the end of `data` and with a sync flush otherwise.
fn compress_piece(compress: &mut Compress, data: &[u8], start: usize, end: usize) -> Vec<u8> {
    if start > 0 {
        let dictionary = &data[start.saturating_sub(WINDOW_BYTES)..start];
        // Only fails for a stream already started, which this one is not; a piece
        // without its dictionary is still correct, just a little larger.
        let _ = compress.set_dictionary(dictionary);
    }
    let input = &data[start..end];
    let flush = if end == data.len() {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    let mut out = Vec::with_capacity(input.len() / 2 + 64);
    let mut consumed = 0;
    loop {
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(1024));
        }
        let before = compress.total_in();
        let status = compress.compress_vec(&input[consumed..], &mut out, flush);
        consumed += usize::try_from(compress.total_in() - before).unwrap_or(0);
        let room_left = out.len() < out.capacity();
        match status {
            Ok(Status::StreamEnd) => break,
            Ok(_) if flush == FlushCompress::Sync && consumed == input.len() && room_left => {
                break;
            }
            Ok(_) => {}
            // zlib reports errors only for misuse (a finished stream); keep what is there.
            Err(_) => break,
        }
    }
    out
}

/// The Adler-32 checksum zlib streams end with (RFC 1950).
fn adler32(data: &[u8]) -> u32 {
    let mut hasher = simd_adler32::Adler32::new();
    hasher.write(data);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

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
    fn pieces_join_into_one_stream_that_inflates_to_the_input() {
        let lengths = [
            0,
            1,
            100,
            PIECE_BYTES - 1,
            PIECE_BYTES,
            PIECE_BYTES + 1,
            300_001,
        ];
        let data: Vec<Vec<u8>> = lengths
            .iter()
            .enumerate()
            .map(|(i, &len)| sample_bytes(len, i as u32 + 1))
            .collect();
        let streams: Vec<&[u8]> = data.iter().map(Vec::as_slice).collect();
        let zlib = zlib_all(&streams);
        assert_eq!(zlib.len(), streams.len());
        for (compressed, original) in zlib.iter().zip(&streams) {
            assert_eq!(&inflate(compressed), original);
        }
    }

    #[test]
    fn pieces_compress_about_as_well_as_one_encoder() {
        let data = sample_bytes(400_000, 7);
        let ours = zlib_all(&[&data]).remove(0);
        let mut one = flate2::write::ZlibEncoder::new(Vec::new(), Compression::new(LEVEL));
        std::io::Write::write_all(&mut one, &data).expect("in memory");
        let one = one.finish().expect("in memory");
        // The dictionaries keep the pieces within 1 % of a single encoder.
        assert!(
            ours.len() * 100 <= one.len() * 101,
            "{} vs {}",
            ours.len(),
            one.len()
        );
    }
}
