//! `CAIBIAN_STARTUP_TRACE=1`: the time from start to the first painted frame, and memory then.

use std::sync::OnceLock;
use std::time::Instant;

/// The environment variable that turns the start-up trace on (any non-empty value).
pub const TRACE_ENV: &str = "CAIBIAN_STARTUP_TRACE";

static PROCESS_START: OnceLock<Instant> = OnceLock::new();

/// Remembers when the process started; `main` calls it first.
pub fn mark_process_start() {
    PROCESS_START.get_or_init(Instant::now);
}

/// Counts the window's frames and prints the trace on stderr once the first is painted.
#[derive(Debug, Default)]
pub(super) struct StartupTrace {
    enabled: bool,
    frames: u32,
}

impl StartupTrace {
    /// On when `CAIBIAN_STARTUP_TRACE` is set.
    pub(super) fn from_env() -> StartupTrace {
        StartupTrace {
            enabled: std::env::var_os(TRACE_ENV).is_some_and(|v| !v.is_empty()),
            frames: 0,
        }
    }

    /// Called as each frame begins: eframe paints a frame before it begins the next, so
    /// the second beginning is the moment the first frame is on screen.
    pub(super) fn frame_begins(&mut self) {
        if !self.enabled {
            return;
        }
        self.frames += 1;
        if self.frames == 2 {
            let ms = PROCESS_START
                .get()
                .map_or(f64::NAN, |start| start.elapsed().as_secs_f64() * 1000.0);
            let rss = resident_mb().map_or_else(|| "?".to_owned(), |mb| format!("{mb:.0}"));
            eprintln!("caibian: first frame painted {ms:.0} ms after start, resident {rss} MB");
        }
    }

    /// Whether the frame after the first is wanted now (so the trace needs no input).
    pub(super) fn wants_next_frame(&self) -> bool {
        self.enabled && self.frames < 2
    }
}

/// Resident memory of this process in MB (Linux; `None` elsewhere).
fn resident_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
