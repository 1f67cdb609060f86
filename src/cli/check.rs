//! `caibian check FILE [--json] [--fix OUT]`: every rule on an issue file, the text rules
//! on a UTF-8 text file; and the print-export gate that refuses an issue with errors.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::model::{Article, Issue};
use crate::proof::{
    Checker, Dictionary, Finding, Severity, TEXT_FIELDS, apply_safe_fixes, check_pages, field_key,
};
use crate::render::photos::PhotoSizeCache;
use crate::store;
use crate::store::photo::{issue_folder, photo_problem};
use crate::typeset::Typesetter;
use crate::typeset::display::PageList;

use super::{EXIT_BAD_INPUT, report};

/// Rounds of `--fix`: applying fixes can bring two marks together that a second round
/// settles (a space removed next to a half-width comma).
const FIX_ROUNDS: usize = 4;

/// What `caibian check` reads.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// An issue file (.ron: every rule) or a UTF-8 text file (text rules).
    pub file: PathBuf,
    /// Print JSON: {"findings": [{"rule", "severity", "article", "field", "line", "column",
    /// "start", "end", "message", "fix"}]}.
    #[arg(long)]
    pub json: bool,
    /// Write a copy with every safe fix applied here; the input is never written.
    #[arg(long, value_name = "OUT")]
    pub fix: Option<PathBuf>,
}

/// One finding with where it sits in the text it came from (1-based line and column).
struct Located<'a> {
    finding: &'a Finding,
    line_column: Option<(usize, usize)>,
}

/// The dictionary: the bundled one extended by the user's file, if readable.
fn dictionary(err: &mut dyn Write) -> Dictionary {
    match crate::proof::dictionary::user_dictionary_path() {
        Some(path) => Dictionary::with_user_file(&path).unwrap_or_else(|e| {
            let _ = writeln!(err, "caibian: warning: {e}");
            Dictionary::bundled()
        }),
        None => Dictionary::bundled(),
    }
}

/// Run `caibian check`.
pub fn check_command(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    if let Some(fix) = &args.fix
        && same_file(fix, &args.file)
    {
        return report(
            err,
            "--fix must name another file: the input is never written",
            EXIT_BAD_INPUT,
        );
    }
    let is_issue = args
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
    let mut checker = Checker::new(dictionary(err));
    if is_issue {
        check_issue_file(args, &mut checker, out, err)
    } else {
        check_text_file(args, &mut checker, out, err)
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn check_text_file(
    args: &CheckArgs,
    checker: &mut Checker,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let bytes = match store::read_limited(&args.file, store::MAX_ISSUE_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(e) => {
            return report(
                err,
                &format!("{}: {e}", args.file.display()),
                EXIT_BAD_INPUT,
            );
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            return report(
                err,
                &format!("{}: not UTF-8 text (byte {at})", args.file.display()),
                EXIT_BAD_INPUT,
            );
        }
    };
    let findings = checker.check_field(None, &text);
    let located: Vec<Located<'_>> = findings
        .iter()
        .map(|f| Located {
            finding: f,
            line_column: f.range.as_ref().map(|r| line_column(&text, r.start)),
        })
        .collect();
    if let Some(path) = &args.fix {
        let mut fixed = text.clone();
        for _ in 0..FIX_ROUNDS {
            let round = checker.check_field(None, &fixed);
            if !round.iter().any(Finding::has_safe_fix) {
                break;
            }
            fixed = apply_safe_fixes(&fixed, &round);
        }
        if let Err(e) = std::fs::write(path, fixed) {
            return report(err, &format!("{}: {e}", path.display()), 1);
        }
    }
    finish(args, &located, out, err)
}

/// Where a photo of the issue cannot be used, for the photo-missing rule.
fn photo_checker(folder: &Path) -> impl Fn(&str) -> Option<String> + '_ {
    move |relative: &str| photo_problem(folder, relative)
}

/// Every finding of an issue: text, article and page rules (`for_print` adds sign-off).
pub fn issue_findings(
    issue: &Issue,
    folder: &Path,
    checker: &mut Checker,
    for_print: bool,
) -> Result<Vec<Finding>, String> {
    let problem = photo_checker(folder);
    let mut findings = checker.check_issue(issue, Some(&problem));
    let mut typesetter = Typesetter::bundled().map_err(|e| e.to_string())?;
    let pages = typesetter.typeset_with_photos(issue, &PhotoSizeCache::new(Some(folder)));
    findings.extend(check_pages(issue, &pages, for_print));
    Ok(findings)
}

fn check_issue_file(
    args: &CheckArgs,
    checker: &mut Checker,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let issue = match super::load_issue_or_report(&args.file, err) {
        Ok(issue) => issue,
        Err(code) => return code,
    };
    let folder = issue_folder(&args.file);
    let findings = match issue_findings(&issue, &folder, checker, false) {
        Ok(findings) => findings,
        Err(e) => return report(err, &e, 1),
    };
    let located: Vec<Located<'_>> = findings
        .iter()
        .map(|f| Located {
            finding: f,
            line_column: field_text(&issue, f)
                .zip(f.range.as_ref())
                .map(|(text, r)| line_column(text, r.start)),
        })
        .collect();
    if let Some(path) = &args.fix {
        let fixed = fix_issue(&issue, checker);
        if let Err(e) = store::save_issue(path, &fixed) {
            return report(err, &format!("{}: {e}", path.display()), 1);
        }
    }
    finish(args, &located, out, err)
}

/// The issue with every safe fix of every text field applied.
pub fn fix_issue(issue: &Issue, checker: &mut Checker) -> Issue {
    let mut fixed = issue.clone();
    for article in fixed.articles.iter_mut() {
        let mut changed = Article::clone(article);
        for field in TEXT_FIELDS {
            let mut text = changed.field(field).to_owned();
            for _ in 0..FIX_ROUNDS {
                let findings: Vec<Finding> = checker
                    .check_field(Some(field), &text)
                    .iter()
                    .filter(|f| !crate::proof::is_ignored(&changed, f))
                    .cloned()
                    .collect();
                if !findings.iter().any(Finding::has_safe_fix) {
                    break;
                }
                text = apply_safe_fixes(&text, &findings);
            }
            *changed.field_mut(field) = text;
        }
        // `into` so this compiles whether articles are stored plain or in an `Arc`.
        #[allow(clippy::useless_conversion)]
        {
            *article = changed.into();
        }
    }
    fixed
}

fn field_text<'a>(issue: &'a Issue, finding: &Finding) -> Option<&'a str> {
    let article = issue.article(finding.article.as_ref()?)?;
    Some(article.field(finding.field?))
}

/// The 1-based line and column (in chars) of char offset `at`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let mut line = 1;
    let mut column = 1;
    for c in text.chars().take(at) {
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

fn finish(
    args: &CheckArgs,
    located: &[Located<'_>],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let written = if args.json {
        write_json(located, out)
    } else {
        write_human(&args.file, located, out)
    };
    if let Err(e) = written {
        return report(err, &format!("cannot write output: {e}"), 1);
    }
    let errors = located
        .iter()
        .filter(|l| l.finding.severity == Severity::Error)
        .count();
    if errors > 0 {
        let _ = writeln!(
            err,
            "caibian: {errors} error(s), {} finding(s) in all",
            located.len()
        );
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn write_json(located: &[Located<'_>], out: &mut dyn Write) -> std::io::Result<()> {
    let findings: Vec<serde_json::Value> = located
        .iter()
        .map(|l| {
            let f = l.finding;
            serde_json::json!({
                "rule": f.rule,
                "severity": f.severity.as_str(),
                "article": f.article.as_ref().map(|a| a.0.clone()),
                "field": f.field.map(field_key),
                "line": l.line_column.map(|(line, _)| line),
                "column": l.line_column.map(|(_, column)| column),
                "start": f.range.as_ref().map(|r| r.start),
                "end": f.range.as_ref().map(|r| r.end),
                "message": f.message,
                "fix": f.fix.as_ref().map(|x| x.replacement.clone()),
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "findings": findings }))?;
    writeln!(out)
}

fn write_human(file: &Path, located: &[Located<'_>], out: &mut dyn Write) -> std::io::Result<()> {
    for l in located {
        let f = l.finding;
        let mut place = String::new();
        if let Some(page) = f.page.filter(|_| f.field.is_none()) {
            place.push_str(&format!(" 第{page}版"));
        }
        if let Some(article) = &f.article {
            place.push_str(&format!(" {article}"));
        }
        if let Some(field) = f.field {
            place.push_str(&format!(" {}", field_key(field)));
        }
        if let Some((line, column)) = l.line_column {
            if f.article.is_some() {
                place.push_str(&format!(" {line}:{column}"));
            } else {
                place.push_str(&format!("{line}:{column}"));
            }
        }
        writeln!(
            out,
            "{}:{place}: {} {}: {}",
            file.display(),
            f.severity.as_str(),
            f.rule,
            f.message
        )?;
    }
    Ok(())
}

/// The errors that stop a print export, or an empty list.
pub fn print_blockers(issue: &Issue, issue_file: &Path) -> Result<Vec<Finding>, String> {
    let mut checker = Checker::default();
    let findings = issue_findings(issue, &issue_folder(issue_file), &mut checker, true)?;
    Ok(findings
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect())
}

/// The errors of the text, article and photo rules that stop a print PDF: the first part
/// of [`print_blockers`], which needs no typesetting (so it can run beside it).
pub fn text_blockers(issue: &Issue, issue_file: &Path) -> Vec<Finding> {
    let folder = issue_folder(issue_file);
    let problem = photo_checker(&folder);
    let findings = Checker::default().check_issue(issue, Some(&problem));
    errors_only(findings)
}

/// The errors of the page rules that stop a print PDF, on pages already typeset: the rest
/// of [`print_blockers`].
pub fn page_blockers(issue: &Issue, pages: &[PageList]) -> Vec<Finding> {
    errors_only(check_pages(issue, pages, true))
}

fn errors_only(findings: Vec<Finding>) -> Vec<Finding> {
    findings
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}
