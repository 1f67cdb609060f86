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

/// The file the child creates once it has saved for the first time.
fn ready_marker(path: &std::path::Path) -> std::path::PathBuf {
    path.with_extension("ready")
}

/// The child: save the two versions in turn until killed. Not a test of its own: the
/// parent below runs it (with `--ignored`) in a process it then kills.
#[test]
#[ignore = "the child process of killed_saves_leave_a_whole_file, which runs it"]
fn child_saver_loop() {
    let path = std::env::var(SAVER_ENV).expect("run by killed_saves_leave_a_whole_file");
    let path = std::path::PathBuf::from(path);
    // Serialise once: the loop then spends its time writing, where kills must not hurt.
    let versions = [
        store::issue_to_ron(&large()).unwrap(),
        store::issue_to_ron(&small()).unwrap(),
    ];
    for n in 0.. {
        store::write_atomically(&path, versions[n % 2].as_bytes()).unwrap();
        if n == 0 {
            // Tell the parent the loop is running: kills from now on land mid-save.
            std::fs::write(ready_marker(&path), b"").unwrap();
        }
    }
}

#[test]
fn killed_saves_leave_a_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("issue.ron");
    let (small, large) = (small(), large());
    store::save_issue(&path, &small).unwrap();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..25 {
        let _ = std::fs::remove_file(ready_marker(&path));
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "child_saver_loop",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(SAVER_ENV, &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait (on a loaded machine, a while) until the child is saving in its loop.
        let waiting = std::time::Instant::now();
        while !ready_marker(&path).exists() && waiting.elapsed() < Duration::from_secs(120) {
            std::thread::sleep(Duration::from_millis(5));
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(seed % 150));
        child.kill().unwrap(); // SIGKILL: no destructors, no flushing
        child.wait().unwrap();
        let loaded = store::load_issue(&path).expect("the file always loads");
        assert!(loaded == small || loaded == large, "a mix of versions");
    }
    // Temporary files left behind are writes the kills interrupted: the test did kill
    // mid-save, not only between saves.
    let interrupted = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert!(interrupted > 0, "no kill landed in the middle of a save");
}
