//! Issue files: round trips, and bad files that must give errors and stay untouched.

mod common;

use std::path::Path;

use caibian::model::{Issue, SCHEMA_VERSION};
use caibian::store::{self, StoreError};
use proptest::prelude::*;

fn save_and_load(issue: &Issue) -> Issue {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("issue.ron");
    store::save_issue(&path, issue).unwrap();
    store::load_issue(&path).unwrap()
}

/// The bundled sample is kept exactly as the writer writes it, so the first save of it
/// changes only what the user changed (issue files diff well in version control).
/// `CAIBIAN_REWRITE_SAMPLE=1` rewrites it in that form after an intended change.
#[test]
fn the_bundled_sample_loads_and_saves_byte_for_byte() {
    let path = common::sample_path();
    let on_disk = std::fs::read_to_string(&path).unwrap();
    let written = store::issue_to_ron(&store::load_issue(&path).unwrap()).unwrap();
    if std::env::var_os("CAIBIAN_REWRITE_SAMPLE").is_some() {
        store::write_atomically(&path, written.as_bytes()).unwrap();
        return;
    }
    if written != on_disk {
        let first = written
            .lines()
            .zip(on_disk.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "the sample differs from the writer's format from line {}: {:?} vs {:?}",
            first + 1,
            written.lines().nth(first),
            on_disk.lines().nth(first)
        );
    }
}

#[test]
fn sample_issue_round_trips() {
    let sample = store::load_issue(&common::sample_path()).expect("sample loads");
    assert_eq!(save_and_load(&sample), sample);
}

#[test]
fn generated_issue_round_trips() {
    let issue = common::generated_issue(8, 120);
    assert_eq!(save_and_load(&issue), issue);
}

#[test]
fn saved_file_is_pretty_ron_with_schema_version() {
    let text = store::issue_to_ron(&common::generated_issue(2, 3)).unwrap();
    assert!(
        text.starts_with("(\n  schema_version: 1,"),
        "{}",
        &text[..60]
    );
    assert!(text.lines().count() > 50, "pretty-printed over many lines");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_text_round_trips(headline in any::<String>(), body in "(\\PC|\n|\"|#|\\\\){0,80}") {
        let mut issue = common::generated_issue(1, 1);
        issue.articles[0].headline = headline;
        issue.articles[0].body = body;
        let text = store::issue_to_ron(&issue).unwrap();
        prop_assert_eq!(store::parse_issue(&text).unwrap(), issue);
    }
}

/// Write `bytes` to a file, try to load it, and check the file is unchanged.
fn load_bad(bytes: &[u8]) -> StoreError {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.ron");
    std::fs::write(&path, bytes).unwrap();
    let modified_before = std::fs::metadata(&path).unwrap().modified().unwrap();
    let error = store::load_issue(&path).expect_err("bad file must not load");
    assert_unchanged(&path, bytes, modified_before);
    error
}

fn assert_unchanged(path: &Path, bytes: &[u8], modified_before: std::time::SystemTime) {
    let after = std::fs::read(path).unwrap();
    assert!(after == bytes, "file content changed");
    assert_eq!(
        std::fs::metadata(path).unwrap().modified().unwrap(),
        modified_before
    );
}

fn sample_text() -> String {
    store::issue_to_ron(&common::generated_issue(2, 4)).unwrap()
}

#[test]
fn empty_file_is_an_error() {
    assert!(matches!(load_bad(b""), StoreError::Parse { .. }));
}

#[test]
fn truncated_file_gives_line_and_column() {
    let text = sample_text();
    let cut = &text.as_bytes()[..text.len() / 2];
    // Cut on a char boundary so the error is about RON, not UTF-8.
    let cut = std::str::from_utf8(cut)
        .map(str::as_bytes)
        .unwrap_or_else(|e| &cut[..e.valid_up_to()]);
    match load_bad(cut) {
        StoreError::Parse { line, column, .. } => assert!(line > 1 && column >= 1),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn wrong_type_names_the_line() {
    let text = sample_text().replace("issue_number: 75,", "issue_number: \"75\",");
    let expected_line = text
        .lines()
        .position(|l| l.contains("issue_number"))
        .unwrap()
        + 1;
    match load_bad(text.as_bytes()) {
        StoreError::Parse { line, message, .. } => {
            assert_eq!(line, expected_line, "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn unknown_field_is_an_error() {
    let text = sample_text().replace("  paper_name:", "  colour: 3,\n  paper_name:");
    match load_bad(text.as_bytes()) {
        StoreError::Parse { message, .. } => assert!(message.contains("colour"), "{message}"),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn future_schema_version_is_refused_naming_both_versions() {
    let newer = SCHEMA_VERSION + 1;
    let text = sample_text().replace(
        &format!("schema_version: {SCHEMA_VERSION},"),
        &format!("schema_version: {newer},\n  a_field_from_the_future: true,"),
    );
    let error = load_bad(text.as_bytes());
    assert!(
        matches!(error, StoreError::NewerSchema { file_version, supported_version }
        if file_version == newer && supported_version == SCHEMA_VERSION)
    );
    let message = error.to_string();
    assert!(message.contains(&newer.to_string()) && message.contains(&SCHEMA_VERSION.to_string()));
}

#[test]
fn hundred_megabytes_of_garbage_is_refused() {
    let garbage: Vec<u8> = (0..100 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    assert!(matches!(load_bad(&garbage), StoreError::TooLarge { .. }));
}

#[test]
fn small_garbage_is_a_parse_or_utf8_error() {
    let garbage: Vec<u8> = (0..100_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    assert!(matches!(
        load_bad(&garbage),
        StoreError::Parse { .. } | StoreError::NotUtf8 { .. }
    ));
}

#[test]
fn invalid_utf8_is_an_error() {
    let mut bytes = sample_text().into_bytes();
    bytes.insert(40, 0xFF);
    assert!(matches!(
        load_bad(&bytes),
        StoreError::NotUtf8 { line: 3, .. }
    ));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "(".repeat(100_000), ")".repeat(100_000));
    assert!(matches!(
        load_bad(deep.as_bytes()),
        StoreError::Parse { .. }
    ));
    let deep_list = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(
        load_bad(deep_list.as_bytes()),
        StoreError::Parse { .. }
    ));
}

#[test]
fn missing_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let error = store::load_issue(&dir.path().join("none.ron")).unwrap_err();
    assert!(matches!(error, StoreError::Io { .. }));
}

#[test]
fn saving_into_a_missing_folder_fails_and_keeps_nothing_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("issue.ron");
    assert!(store::save_issue(&path, &common::generated_issue(1, 1)).is_err());
    assert!(!path.exists());
}

#[test]
fn saving_replaces_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("issue.ron");
    store::save_issue(&path, &common::generated_issue(1, 1)).unwrap();
    let bigger = common::generated_issue(3, 9);
    store::save_issue(&path, &bigger).unwrap();
    assert_eq!(store::load_issue(&path).unwrap(), bigger);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary files left"
    );
}

/// Fuzzing the loader: arbitrary bytes, and valid files with bytes flipped, cut or
/// repeated, must give a value or an error, never a panic or a hang. Raise the case count
/// with PROPTEST_CASES for a long local run.
mod fuzz {
    use super::*;

    fn mutate(text: &str, edits: &[(usize, u8, u8)]) -> Vec<u8> {
        let mut bytes = text.as_bytes().to_vec();
        for &(position, kind, value) in edits {
            if bytes.is_empty() {
                break;
            }
            let at = position % bytes.len();
            match kind % 4 {
                0 => bytes[at] = value,
                1 => {
                    bytes.remove(at);
                }
                2 => bytes.insert(at, value),
                _ => {
                    let end = (at + value as usize).min(bytes.len());
                    let piece = bytes[at..end].to_vec();
                    bytes.splice(at..at, piece);
                }
            }
        }
        bytes
    }

    /// 256 cases in a normal run; PROPTEST_CASES raises it for a long fuzzing run.
    fn fuzz_config() -> ProptestConfig {
        let cases = std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(256);
        ProptestConfig {
            cases,
            ..ProptestConfig::default()
        }
    }

    proptest! {
        #![proptest_config(fuzz_config())]
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let _ = store::parse_issue(text);
            }
        }

        #[test]
        fn mutated_issue_files_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8)) {
            let text = store::issue_to_ron(&common::generated_issue(2, 3)).unwrap();
            let bytes = mutate(&text, &edits);
            let text = String::from_utf8_lossy(&bytes);
            if let Ok(issue) = store::parse_issue(&text) {
                // Whatever loads must save and load again the same.
                let again = store::issue_to_ron(&issue).unwrap();
                prop_assert_eq!(store::parse_issue(&again).unwrap(), issue.clone());
                typeset_and_export(&issue);
            }
        }

        #[test]
        fn issues_with_any_numbers_typeset_and_export(
            numbers in proptest::collection::vec(any::<u32>(), 8),
            year in -300_000i32..300_000,
        ) {
            let mut issue = common::generated_issue(2, 3);
            if let Some(date) = chrono::NaiveDate::from_ymd_opt(year, 1 + numbers[0] % 12, 1) {
                issue.date = date;
            }
            issue.issue_number = numbers[1];
            issue.running_number = numbers[2];
            let placement = &mut issue.pages[0].placements[0];
            placement.column = numbers[3] % 100;
            placement.span = numbers[4];
            placement.line = numbers[5] % 3000;
            placement.depth = numbers[6];
            placement.part = numbers[7] % 3;
            let text = store::issue_to_ron(&issue).unwrap();
            if let Ok(issue) = store::parse_issue(&text) {
                typeset_and_export(&issue);
            }
        }
    }

    /// Everything that loads typesets and exports a PDF (in memory) without a panic.
    fn typeset_and_export(issue: &Issue) {
        use caibian::render::pdf::{PdfOptions, pdf_bytes};
        use caibian::render::photos::Photos;
        static TYPESETTER: std::sync::LazyLock<std::sync::Mutex<caibian::typeset::Typesetter>> =
            std::sync::LazyLock::new(|| {
                std::sync::Mutex::new(caibian::typeset::Typesetter::bundled().unwrap())
            });
        let pages = TYPESETTER
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .typeset(issue);
        let fonts = caibian::fonts::FontSet::shared().unwrap();
        let mut photos = Photos::new(None, 64);
        let _ = pdf_bytes(issue, &pages, fonts, &mut photos, &PdfOptions::default());
    }
}

#[test]
fn a_huge_string_is_refused_without_exhausting_memory() {
    let mut issue = common::generated_issue(1, 1);
    issue.articles[0].body = "\u{4E00}".repeat(2 * 1024 * 1024 / 3 + 10); // just over 2 MiB
    let text = store::issue_to_ron(&issue).unwrap();
    assert!(matches!(load_bad(text.as_bytes()), StoreError::Invalid(_)));
}

#[test]
fn duplicate_article_ids_are_refused() {
    let mut issue = common::generated_issue(1, 2);
    issue.articles[1].id = issue.articles[0].id.clone();
    let text = store::issue_to_ron(&issue).unwrap();
    let error = load_bad(text.as_bytes());
    assert!(
        matches!(&error, StoreError::Invalid(m) if m.contains("art-0001")),
        "{error}"
    );
}
