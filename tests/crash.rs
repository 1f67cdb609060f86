//! Crash consistency: a process killed while saving leaves the old file or the new
//! one, never a mix.

mod common;

use std::process::Command;
use std::time::Duration;

use caibian::model::Issue;
use caibian::store;

const SAVER_ENV: &str = "CAIBIAN_CRASH_SAVER";

fn small() -> Issue {
    common::generated_issue(2, 10)
}

fn large() -> Issue {
    // About 2 MB of RON: big enough that a write takes a while.
    let mut issue = common::generated_issue(8, 400);
    for article in &mut issue.articles {
        article.body = article.body.repeat(40);
    }
    issue
}

/// The child: save the two versions in turn until killed. Does nothing in a normal run.
#[test]
fn child_saver_loop() {
    let Ok(path) = std::env::var(SAVER_ENV) else {
        return;
    };
    let versions = [large(), small()];
    for n in 0.. {
        store::save_issue(std::path::Path::new(&path), &versions[n % 2]).unwrap();
    }
}

#[test]
fn killed_saves_leave_a_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("issue.ron");
    let (small, large) = (small(), large());
    store::save_issue(&path, &small).unwrap();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut saw_large = false;
    for _ in 0..25 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "child_saver_loop",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(SAVER_ENV, &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(30 + seed % 150));
        child.kill().unwrap(); // SIGKILL: no destructors, no flushing
        child.wait().unwrap();
        let loaded = store::load_issue(&path).expect("the file always loads");
        assert!(loaded == small || loaded == large, "a mix of versions");
        saw_large |= loaded == large;
    }
    assert!(saw_large, "the child got to save at least once");
}
