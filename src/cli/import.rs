//! `caibian import FILE... --into ISSUE.ron --out OUT.ron`: articles from files into a copy
//! of an issue; every file is read before anything is written, so a bad one stops all.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::model::Issue;
use crate::store::import::{ImportedArticle, insert_or_replace, place_photos, read_file};
use crate::store::photo::{carry_photos, issue_folder};

use super::{EXIT_BAD_INPUT, report};

/// What `caibian import` reads and writes.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Article files (.article.zip), Word documents (.docx) or text files (.txt).
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// The issue to import into; it is read, never written.
    #[arg(long, value_name = "ISSUE.ron")]
    pub into: PathBuf,
    /// Where the issue with the imported articles is written.
    #[arg(long, value_name = "OUT.ron")]
    pub out: PathBuf,
    /// Replace articles whose id is already in the issue (otherwise they get a new id).
    #[arg(long)]
    pub replace: bool,
}

/// Run `caibian import`.
pub fn import_command(args: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    if same_file(&args.into, &args.out) {
        return report(
            err,
            "--out must name another file than --into: the input issue is never written",
            EXIT_BAD_INPUT,
        );
    }
    let mut issue = match super::load_issue_or_report(&args.into, err) {
        Ok(issue) => issue,
        Err(code) => return code,
    };
    let mut imported: Vec<ImportedArticle> = Vec::new();
    for file in &args.files {
        match read_file(file, &issue) {
            Ok(mut article) => {
                // Word and text copy is cleaned as a paste is; the notes say what changed.
                let cleaned = crate::proof::paste::clean_imported(&mut article.article);
                article.notes.extend(cleaned);
                imported.push(article)
            }
            Err(e) => return report(err, &format!("{e} (nothing written)"), EXIT_BAD_INPUT),
        }
    }
    let from_folder = issue_folder(&args.into);
    let to_folder = issue_folder(&args.out);
    if !same_file(&from_folder, &to_folder) {
        let photos = issue
            .articles
            .iter()
            .flat_map(|a| a.photos.iter().map(|p| p.path.as_str()));
        let (_, problems) = carry_photos(photos, &from_folder, &to_folder);
        for problem in problems {
            let _ = writeln!(err, "caibian: warning: {problem}");
        }
    }
    let mut lines = Vec::new();
    for mut incoming in imported {
        for note in &incoming.notes {
            let _ = writeln!(err, "caibian: note: {}: {note}", incoming.source.display());
        }
        renumber_if_taken(&mut issue, &mut incoming, args.replace, err);
        let article = match place_photos(&incoming, &to_folder) {
            Ok(article) => article,
            Err(e) => return report(err, &e.to_string(), 1),
        };
        let line = format!(
            "{}\t{}\t{}字",
            article.id,
            article.headline,
            article.body_chars()
        );
        let replaced = insert_or_replace(&mut issue, article).is_some();
        lines.push(if replaced {
            format!("{line}\t替换")
        } else {
            line
        });
    }
    if let Err(e) = crate::store::save_issue(&args.out, &issue) {
        return report(err, &format!("{}: {e}", args.out.display()), 1);
    }
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    ExitCode::SUCCESS
}

/// Without `--replace`, an article whose id the issue already holds gets a fresh one.
fn renumber_if_taken(
    issue: &mut Issue,
    incoming: &mut ImportedArticle,
    replace: bool,
    err: &mut dyn Write,
) {
    if replace || issue.article(&incoming.article.id).is_none() {
        return;
    }
    let fresh = issue.unique_article_id();
    let _ = writeln!(
        err,
        "caibian: note: {}: id {} is already in the issue; imported as {fresh} (use --replace to replace)",
        incoming.source.display(),
        incoming.article.id
    );
    incoming.article.id = fresh;
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
